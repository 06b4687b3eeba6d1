/**
 * The {@link io.strom.api.metrics.MetricsSource} SPI: a bundle that keeps counters registers a
 * source, and the metrics endpoint asks every source for its samples when it is scraped. Sources
 * read the counters they already keep ({@code LongAdder}, {@code AtomicLong}, session fields)
 * only then, so the media path pays nothing for metrics.
 */
@Export
@Version("0.1.0")
package io.strom.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
