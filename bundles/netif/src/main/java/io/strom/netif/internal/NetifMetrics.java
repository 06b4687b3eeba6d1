package io.strom.netif.internal;

import io.strom.api.metrics.MetricsWriter;

/**
 * The interface discovery's metrics: how often the host's interfaces were listed (a system call
 * the cache exists to make rare), how often that failed, additional host names that did not
 * resolve, and how many addresses are offered now.
 */
final class NetifMetrics {

    private NetifMetrics() {
    }

    static void write(long enumerations, long enumerationFailures, long resolveFailures, int addresses, MetricsWriter out) {
        out.counter("strom_netif_enumerations_total", "Listings of the host's network interfaces (every TTL, or on "
                + "each request with a TTL of 0).", enumerations);
        out.counter("strom_netif_enumeration_failures_total", "Listings that failed; the previous addresses were kept.",
                enumerationFailures);
        out.counter("strom_netif_resolve_failures_total", "Additional host names that did not resolve.", resolveFailures);
        out.gauge("strom_netif_addresses", "Host addresses currently offered as ICE candidates.", addresses);
    }
}
