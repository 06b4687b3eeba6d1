package io.strom.netif.internal;

import java.net.InetAddress;
import java.util.List;

/**
 * What one network interface looked like when it was enumerated: a plain value, so that tests
 * can describe a host's interfaces and change them between refreshes.
 */
record InterfaceSnapshot(String name, boolean up, boolean loopback, List<InetAddress> addresses) {

    InterfaceSnapshot {
        addresses = List.copyOf(addresses);
    }
}
