// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code erm-decap} command (picocli): option parsing, the summary and progress line on stderr, and exit
 * codes. Every behaviour is a call into {@link io.github.ermdecap.convert}; see
 * {@link io.github.ermdecap.cli.ErmDecapCommand}.
 */
package io.github.ermdecap.cli;
