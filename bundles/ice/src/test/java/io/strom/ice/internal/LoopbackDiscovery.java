package io.strom.ice.internal;

import io.strom.api.netif.InterfaceDiscovery;
import java.net.InetAddress;
import java.util.List;

/** An InterfaceDiscovery that lists only 127.0.0.1, so tests never offer the machine's real addresses. */
final class LoopbackDiscovery implements InterfaceDiscovery {

    volatile List<InetAddress> addresses = List.of(InetAddress.getLoopbackAddress());

    @Override
    public List<InetAddress> hostAddresses() {
        return addresses;
    }

    @Override
    public long enumerations() {
        return 0;
    }
}
