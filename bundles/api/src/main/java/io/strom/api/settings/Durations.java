package io.strom.api.settings;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as MediaMTX (Go) writes them: {@code 10s}, {@code 500ms}, {@code 1m30s}, {@code 1.5h}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses {@code value}, the value of attribute {@code key}.
     *
     * @throws IllegalArgumentException naming {@code key} when the value is not a positive duration
     */
    public static Duration parse(String key, String value) {
        String v = value == null ? "" : value.strip();
        Matcher m = PART.matcher(v);
        double nanos = 0;
        int end = 0;
        while (end < v.length() && m.find(end) && m.start() == end) {
            nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
            end = m.end();
        }
        if (v.isEmpty() || end != v.length() || nanos < 1) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a positive duration like 10s or 500ms");
        }
        return Duration.ofNanos((long) nanos);
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
    }
}
