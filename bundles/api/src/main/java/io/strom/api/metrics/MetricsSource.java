package io.strom.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that has metrics: registered as a service by the bundle that keeps the counters,
 * asked for its samples on every scrape of the metrics endpoint.
 *
 * <p>{@link #collect} runs on the endpoint's thread, concurrently with the media path: it reads
 * counters without locks the media path takes, writes what it reads and returns. Names follow
 * MediaMTX where it has one ({@code paths}, {@code rtsp_sessions_bytes_sent}); Strom's own
 * internals start with {@code strom_}. A source unregistered (its bundle stopped) is simply no
 * longer asked.
 */
@ConsumerType
public interface MetricsSource {

    /** Writes the current value of every metric this source has. */
    void collect(MetricsWriter out);
}
