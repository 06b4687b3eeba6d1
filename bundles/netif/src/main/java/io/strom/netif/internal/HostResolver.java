package io.strom.netif.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a configured host (an IP literal or a DNS name); injectable so tests need no DNS. */
@FunctionalInterface
interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
