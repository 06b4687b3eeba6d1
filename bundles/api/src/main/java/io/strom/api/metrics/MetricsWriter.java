package io.strom.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link MetricsSource} writes its samples during one scrape. The metrics endpoint groups
 * samples by name, so a source may write the samples of one family in any order and interleaved
 * with others; the type and help of a name are those of its first sample.
 *
 * <p>Labels are given as name, value pairs ({@code "path", "cam1", "state", "ready"}). A metric
 * or label name outside {@code [a-zA-Z_:][a-zA-Z0-9_:]*} (label names without {@code :}), an odd
 * number of label strings, or a name written with two different types throws
 * {@link IllegalArgumentException}; the endpoint then drops that source's samples for the
 * scrape and logs why. Not thread-safe: use it on the thread that called {@code collect}.
 */
@ProviderType
public interface MetricsWriter {

    /**
     * One sample.
     *
     * @param name   the metric name
     * @param type   counter or gauge
     * @param help   one line saying what it counts, with its unit
     * @param value  the value
     * @param labels label name, value pairs
     */
    void sample(String name, MetricType type, String help, double value, String... labels);

    /** A {@link MetricType#COUNTER} sample. */
    default void counter(String name, String help, long value, String... labels) {
        sample(name, MetricType.COUNTER, help, value, labels);
    }

    /** A {@link MetricType#GAUGE} sample. */
    default void gauge(String name, String help, double value, String... labels) {
        sample(name, MetricType.GAUGE, help, value, labels);
    }
}
