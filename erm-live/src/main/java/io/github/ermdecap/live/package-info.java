// SPDX-License-Identifier: Apache-2.0
/**
 * Live collection of ERM: a {@link io.github.ermdecap.live.DatagramSource} receives the switches' UDP
 * datagrams, a {@link io.github.ermdecap.live.LiveCollector} hands each payload to the same
 * {@link io.github.ermdecap.erm.ErmDecapsulator} and routers ({@link io.github.ermdecap.route.ShardRouter},
 * {@link io.github.ermdecap.route.SplitRouter}) as offline conversion, and queues the mirrored frames to
 * {@link io.github.ermdecap.live.FrameSink}s: rotating capture files ({@link io.github.ermdecap.live.FileSeries}),
 * a pcap stream ({@link io.github.ermdecap.live.PcapStreamSink}) and PCAP-over-IP clients
 * ({@link io.github.ermdecap.live.PcapOverIpServer}).
 *
 * <p>Threads: one receiver thread runs the source, the engine and the routers and never blocks on an output;
 * every output has a bounded queue ({@link io.github.ermdecap.live.FrameQueue}) drained by its own thread,
 * and a frame that does not fit is dropped and counted for that output.
 *
 * <pre>{@code
 * try (DatagramSource source = ChannelSource.open(null, new int[] {7932}, 32 << 20)) {
 *     LiveCollector c = new LiveCollector(source, DecapOptions.DEFAULT, AllowList.ANY);
 *     c.addSink(0, FrameSink.queued(PcapStreamSink.stdout(), LiveCollector.DEFAULT_QUEUE_BYTES));
 *     c.run(stopFlag);
 * }
 * }</pre>
 */
package io.github.ermdecap.live;
