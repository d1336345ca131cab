// SPDX-License-Identifier: Apache-2.0
/**
 * The HP/Aruba ERM decapsulation engine: recognises ERM datagrams (outer Ethernet with any 802.1Q/802.1ad
 * tags, Linux SLL/SLL2, raw IPv4/IPv6, BSD NULL/LOOP; IPv4 with options or IPv6 with extension headers; UDP
 * on a configured port set or found by signature) and returns the mirrored frame inside, optionally with its
 * 802.1Q tag restored. Implements ERM-PROTOCOL.md "The layers" (the 12-byte header and its word) and "Facts
 * that shape the design" (port list and auto-detection, priority numbering, is_tagged, nested ERM, fragments,
 * truncated inner frames, trailing bytes).
 *
 * <pre>{@code
 * ErmDecapsulator engine = new ErmDecapsulator(DecapOptions.DEFAULT.withVlanMode(VlanMode.TAGGED));
 * DecapResult r = engine.decapsulate(LinkType.ETHERNET, bytes, 0, bytes.length, bytes.length);
 * if (r.decapsulated()) { send(r.array(), r.offset(), r.length()); }
 * }</pre>
 *
 * <p>Every record gets one {@link io.github.ermdecap.erm.Outcome}; records that are not ERM come back
 * unchanged, and nothing in this package throws on any input bytes or reads outside the given slice.
 */
package io.github.ermdecap.erm;
