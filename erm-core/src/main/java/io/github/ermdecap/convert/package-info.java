// SPDX-License-Identifier: Apache-2.0
/**
 * Conversion jobs: read a capture, decapsulate it with the ERM engine, write pcap or pcapng. The library side
 * of the {@code erm-decap} command: {@link io.github.ermdecap.convert.Conversion} for one input,
 * {@link io.github.ermdecap.convert.SafeOutput} for outputs that appear only when complete,
 * {@link io.github.ermdecap.convert.BatchConversion} for trees of files, and
 * {@link io.github.ermdecap.convert.ExitCode} for how a run ended.
 */
package io.github.ermdecap.convert;
