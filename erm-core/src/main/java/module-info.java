// SPDX-License-Identifier: Apache-2.0
/**
 * erm-core: streaming pcap/pcapng I/O and HP/Aruba ERM decapsulation, with no dependency beyond
 * {@code java.base}.
 *
 * <ul>
 *   <li>{@link io.github.ermdecap.capture}: {@code CaptureReader}, {@code PcapWriter}, {@code PcapngWriter};</li>
 *   <li>{@link io.github.ermdecap.erm}: {@code ErmDecapsulator} and its options, results and statistics;</li>
 *   <li>{@link io.github.ermdecap.convert}: the read, decapsulate and write job ({@code Conversion},
 *       {@code BatchConversion});</li>
 *   <li>{@link io.github.ermdecap.route}: flow-consistent sharding and splitting of the output.</li>
 * </ul>
 */
module io.github.ermdecap.core {
    exports io.github.ermdecap.capture;
    exports io.github.ermdecap.erm;
    exports io.github.ermdecap.convert;
    exports io.github.ermdecap.route;
}
