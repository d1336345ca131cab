// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap.cli;

import io.github.ermdecap.capture.CaptureFormat;
import io.github.ermdecap.erm.VlanMode;
import io.github.ermdecap.route.SplitMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Option value parsing for the command, with messages shaped {@code what: actual (expected: ...)}. */
final class Converters {
    private Converters() {
    }

    /** {@code -F pcap|pcapng}. */
    static final class Format implements ITypeConverter<CaptureFormat> {
        @Override
        public CaptureFormat convert(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "pcap": return CaptureFormat.PCAP;
                case "pcapng": return CaptureFormat.PCAPNG;
                default: throw new TypeConversionException("'" + value + "' (expected: pcap or pcapng)");
            }
        }
    }

    /** Completion candidates for {@code -F}. */
    static final class FormatNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        FormatNames() {
            super(List.of("pcap", "pcapng"));
        }
    }

    /** {@code --vlan never|tagged|always}. */
    static final class Vlan implements ITypeConverter<VlanMode> {
        @Override
        public VlanMode convert(String value) {
            for (VlanMode m : VlanMode.values()) {
                if (m.name().equalsIgnoreCase(value)) {
                    return m;
                }
            }
            throw new TypeConversionException("'" + value + "' (expected: never, tagged or always)");
        }
    }

    /** Completion candidates for {@code --vlan}. */
    static final class VlanNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        VlanNames() {
            super(List.of("never", "tagged", "always"));
        }
    }

    /** {@code --split switch|vlan}. */
    static final class Split implements ITypeConverter<SplitMode> {
        @Override
        public SplitMode convert(String value) {
            for (SplitMode m : SplitMode.values()) {
                if (m.name().equalsIgnoreCase(value)) {
                    return m;
                }
            }
            throw new TypeConversionException("'" + value + "' (expected: switch or vlan)");
        }
    }

    /** Completion candidates for {@code --split}. */
    static final class SplitNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        SplitNames() {
            super(List.of("switch", "vlan"));
        }
    }

    /** {@code -p 7932,7933} or {@code -p auto} (auto may be combined with ports: {@code -p auto,7932}). */
    static final class Ports implements ITypeConverter<PortList> {
        @Override
        public PortList convert(String value) {
            TreeSet<Integer> ports = new TreeSet<>();
            boolean auto = false;
            for (String token : value.split(",", -1)) {
                String t = token.trim();
                if (t.equalsIgnoreCase("auto")) {
                    auto = true;
                    continue;
                }
                ports.add(port(t));
            }
            return new PortList(ports.stream().mapToInt(Integer::intValue).toArray(), auto);
        }

        private static int port(String t) {
            try {
                int p = Integer.parseInt(t);
                if (p >= 1 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // Reported below.
            }
            throw new TypeConversionException("'" + t + "' (expected: a port 1..65535, a comma-separated list"
                    + " of them, or auto)");
        }
    }

    /** The parsed {@code -p} value. */
    static final class PortList {
        final int[] ports;
        final boolean auto;

        PortList(int[] ports, boolean auto) {
            this.ports = ports;
            this.auto = auto;
        }
    }

    /**
     * {@code -A}/{@code -B} times, as editcap takes them: {@code YYYY-MM-DD HH:MM:SS[.fraction]} in local time
     * (a {@code T} may stand for the space, a zone such as {@code Z} or {@code +01:00} may follow), or seconds
     * since the epoch with up to nine decimals ({@code 1764590400.25}).
     */
    static final class Time implements ITypeConverter<Instant> {
        private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
                .appendPattern("uuuu-MM-dd")
                .optionalStart().appendLiteral(' ').optionalEnd()
                .optionalStart().appendLiteral('T').optionalEnd()
                .appendPattern("HH:mm:ss")
                .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
                .optionalStart().appendOffsetId().optionalEnd()
                .toFormatter(Locale.ROOT);

        @Override
        public Instant convert(String value) {
            String v = value.trim();
            try {
                if (v.matches("[0-9]{1,12}(\\.[0-9]{1,9})?")) {
                    BigDecimal d = new BigDecimal(v);
                    long seconds = d.longValue();
                    int nanos = d.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).intValueExact();
                    return Instant.ofEpochSecond(seconds, nanos);
                }
                var parsed = LOCAL.parseBest(v, OffsetDateTime::from, LocalDateTime::from);
                if (parsed instanceof OffsetDateTime) {
                    return ((OffsetDateTime) parsed).toInstant();
                }
                return ((LocalDateTime) parsed).atZone(ZoneId.systemDefault()).toInstant();
            } catch (ArithmeticException | DateTimeException e) {
                throw new TypeConversionException("'" + value + "' (expected: YYYY-MM-DD HH:MM:SS[.fraction][zone]"
                        + " in local time, or seconds since 1970 such as 1764590400.25)");
            }
        }
    }
}
