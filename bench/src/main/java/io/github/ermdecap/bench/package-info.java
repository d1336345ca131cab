// SPDX-License-Identifier: Apache-2.0
/**
 * Benchmarks of erm-decap and their input: {@link io.github.ermdecap.bench.ErmCaptureGenerator} writes seeded,
 * realistic ERM captures (ERM header layout as in {@code ERM-PROTOCOL.md}; IPv4 RFC 791, UDP RFC 768, TCP RFC 9293,
 * the Internet checksum RFC 1071), the JMH benchmarks measure the reader, the writer and the engine, and
 * {@code bench/run.sh} times the whole command against {@code cp} and {@code editcap}. Not part of the product:
 * never installed or deployed.
 */
package io.github.ermdecap.bench;
