package io.strom.api.metrics;

import java.util.Locale;

/** The Prometheus type of a metric family. */
public enum MetricType {
    /** A value that only goes up (bytes, packets, failures) until the process restarts. */
    COUNTER,
    /** A value that goes up and down (sessions, buffer memory). */
    GAUGE;

    /** The name in the text format's {@code # TYPE} line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
