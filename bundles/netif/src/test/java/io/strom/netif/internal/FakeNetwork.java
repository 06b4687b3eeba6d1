package io.strom.netif.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host's interfaces and DNS that a test can change between refreshes; counts enumerations and
 * remembers the threads that enumerated.
 */
final class FakeNetwork implements InterfaceEnumerator, HostResolver {

    volatile List<InterfaceSnapshot> interfaces;
    final Map<String, InetAddress[]> dns = new ConcurrentHashMap<>();
    final AtomicInteger enumerated = new AtomicInteger();
    final AtomicInteger resolved = new AtomicInteger();
    final Set<Thread> enumeratingThreads = ConcurrentHashMap.newKeySet();

    FakeNetwork(InterfaceSnapshot... interfaces) {
        this.interfaces = List.of(interfaces);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static InterfaceSnapshot nic(String name, boolean up, String... addresses) {
        return new InterfaceSnapshot(name, up, name.equals("lo"), List.of(addresses).stream().map(FakeNetwork::ip).toList());
    }

    @Override
    public List<InterfaceSnapshot> enumerate() {
        enumerated.incrementAndGet();
        enumeratingThreads.add(Thread.currentThread());
        return interfaces;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        resolved.incrementAndGet();
        InetAddress[] found = dns.get(host);
        if (found == null) {
            throw new UnknownHostException(host + ": not in the fake DNS");
        }
        return found;
    }
}
