// SPDX-License-Identifier: Apache-2.0
/**
 * Routing records to several outputs: by conversation, so N analysers each get whole conversations
 * ({@link io.github.ermdecap.route.ShardRouter}, on the documented hash {@link io.github.ermdecap.route.FlowHash}:
 * the symmetric 5-tuple of TCP, UDP and SCTP, else the address pair or MAC pair; later IP fragments follow
 * their first fragment through a bounded table),
 * or by ERM session or VLAN ({@link io.github.ermdecap.route.SplitRouter}), and the file names of those
 * outputs ({@link io.github.ermdecap.route.OutputNames}). Pure decisions on bytes and values: no files, no
 * dependency on the capture readers beyond the link-type constants.
 */
package io.github.ermdecap.route;
