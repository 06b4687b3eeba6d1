package io.strom.netif.internal;

import java.net.SocketException;
import java.util.List;

/** Lists the host's network interfaces; injectable so tests count calls and simulate a change. */
@FunctionalInterface
interface InterfaceEnumerator {

    List<InterfaceSnapshot> enumerate() throws SocketException;
}
