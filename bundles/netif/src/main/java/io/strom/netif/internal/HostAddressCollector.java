package io.strom.netif.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns enumerated interfaces and configured hosts into the host-address list, in preference
 * order: interface IPv4, interface IPv6, then the additional hosts in configured order, each
 * address once.
 *
 * <p>Interface IPv6 addresses lose their scope id. Skipped: down interfaces, loopback unless listed by name, link-local IPv6 (fe80::/10 needs a
 * scope id that an ICE candidate cannot carry), IPv6 when disabled. A host that does not resolve
 * is skipped, counted, and warned about once until it resolves again (it is retried at every
 * refresh, so a warning per refresh would flood the log); a listed interface that is absent is
 * reported the same way.
 */
final class HostAddressCollector {

    private static final Logger LOG = LoggerFactory.getLogger(HostAddressCollector.class);

    final LongAdder resolveFailures = new LongAdder();
    private final HostResolver resolver;
    /** Problems already warned about; thread-safe because ttl=0 collects on callers' threads. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    HostAddressCollector(HostResolver resolver) {
        this.resolver = resolver;
    }

    List<InetAddress> collect(NetifSettings settings, List<InterfaceSnapshot> interfaces) {
        Set<InetAddress> ipv4 = new LinkedHashSet<>();
        Set<InetAddress> ipv6 = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (InterfaceSnapshot nic : interfaces) {
            seen.add(nic.name());
            if (!nic.up() || !selected(settings, nic)) {
                continue;
            }
            for (InetAddress a : nic.addresses()) {
                if (a instanceof Inet4Address) {
                    ipv4.add(a);
                } else if (settings.ipv6() && !a.isLinkLocalAddress()) {
                    ipv6.add(withoutScope(a));
                }
            }
        }
        if (settings.fromInterfaces()) {
            for (String name : settings.interfaceNames()) {
                problemIf(!seen.contains(name), "interface " + name,
                        "webrtcIPsFromInterfacesList: no interface named '" + name + "' on this host");
            }
        }
        Set<InetAddress> out = new LinkedHashSet<>(ipv4);
        out.addAll(ipv6);
        for (String host : settings.additionalHosts()) {
            out.addAll(resolve(host, settings.ipv6()));
        }
        return List.copyOf(out);
    }

    /**
     * The JDK gives interface IPv6 addresses a scope ({@code 2001:db8::10%eth0}), which would end
     * up in the SDP candidate line; a global or unique-local address needs none.
     */
    private static InetAddress withoutScope(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new AssertionError("a 16-byte address is always valid", e);
        }
    }

    private static boolean selected(NetifSettings settings, InterfaceSnapshot nic) {
        return settings.interfaceNames().isEmpty() ? !nic.loopback() : settings.interfaceNames().contains(nic.name());
    }

    private List<InetAddress> resolve(String host, boolean ipv6) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (InetAddress a : resolver.resolve(host)) {
                if (ipv6 || a instanceof Inet4Address) {
                    out.add(a);
                }
            }
            problemIf(false, "host " + host, null);
        } catch (UnknownHostException e) {
            resolveFailures.increment();
            problemIf(true, "host " + host, "webrtcAdditionalHosts: '" + host
                    + "' does not resolve, skipped and retried at the next refresh: " + e.getMessage());
        }
        return out;
    }

    /** Warns when a problem appears, notes when it is gone, and stays quiet while nothing changes. */
    private void problemIf(boolean present, String key, String warning) {
        if (present && reported.add(key)) {
            LOG.warn(warning);
        } else if (!present && reported.remove(key)) {
            LOG.info("{} is back", key);
        }
    }
}
