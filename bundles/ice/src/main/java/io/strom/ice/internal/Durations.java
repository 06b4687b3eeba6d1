package io.strom.ice.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as MediaMTX writes them: {@code 10s}, {@code 500ms}, {@code 1m30s}. */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");

    private Durations() {
    }

    /** Parses {@code value} of {@code attribute}; zero, negative or malformed values are rejected naming it. */
    static Duration parse(String attribute, String value) {
        String v = value == null ? "" : value.trim();
        Matcher m = PART.matcher(v);
        int at = 0;
        double nanos = 0;
        while (at < v.length() && m.find(at) && m.start() == at) {
            nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
            at = m.end();
        }
        if (v.isEmpty() || at != v.length() || nanos < 1) {
            throw new IllegalArgumentException(attribute + ": '" + value + "' is not a positive duration like 10s or 500ms");
        }
        return Duration.ofNanos((long) nanos);
    }

    private static double unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1;
            case "us": return 1e3;
            case "ms": return 1e6;
            case "s": return 1e9;
            case "m": return 60e9;
            default: return 3600e9;
        }
    }
}
