package io.strom.netif.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The validated {@code io.strom.netif} configuration. {@link #from} names the attribute it
 * refuses, so that a bad change can be logged while the previous configuration keeps running.
 *
 * @param fromInterfaces  whether interface addresses are offered at all
 * @param interfaceNames  the interfaces to use; empty means every up, non-loopback interface
 * @param additionalHosts IPs or DNS names offered after the interface addresses
 * @param ipv6            whether IPv6 addresses are offered
 * @param ttlMillis       how often the background thread refreshes; 0 = enumerate on every call
 */
record NetifSettings(boolean fromInterfaces, List<String> interfaceNames, List<String> additionalHosts,
                     boolean ipv6, long ttlMillis) {

    /** Refreshing faster than this would cost more than the per-offer enumeration it replaces. */
    static final double MIN_TTL_SECONDS = 0.1;
    static final double MAX_TTL_SECONDS = 86_400;

    static NetifSettings from(CachedInterfaceDiscovery.Config config) {
        double ttl = config.ttl();
        if (!(ttl == 0 || (ttl >= MIN_TTL_SECONDS && ttl <= MAX_TTL_SECONDS))) {
            throw new IllegalArgumentException("ttl: " + ttl + " is not 0 or between " + MIN_TTL_SECONDS + " and "
                    + MAX_TTL_SECONDS + " seconds");
        }
        return new NetifSettings(config.webrtcIPsFromInterfaces(),
                entries("webrtcIPsFromInterfacesList", config.webrtcIPsFromInterfacesList()),
                entries("webrtcAdditionalHosts", config.webrtcAdditionalHosts()),
                config.ipv6(), Math.round(ttl * 1000));
    }

    private static List<String> entries(String attribute, String[] values) {
        List<String> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null || values[i].isBlank()) {
                throw new IllegalArgumentException(attribute + "[" + i + "]: blank entry");
            }
            out.add(values[i].trim());
        }
        return List.copyOf(out);
    }
}
