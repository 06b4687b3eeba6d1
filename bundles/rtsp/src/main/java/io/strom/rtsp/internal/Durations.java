package io.strom.rtsp.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses MediaMTX-style durations ({@code 10s}, {@code 500ms}, {@code 1m30s}). */
final class Durations {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /** Nanoseconds in {@code value}; the exception names {@code key}. */
    static long parseNanos(String key, String value) {
        String v = value.trim();
        Matcher m = PART.matcher(v);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = m.end();
        }
        if (v.isEmpty() || end != v.length() || nanos <= 0) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a positive duration like 10s");
        }
        return (long) nanos;
    }
}
