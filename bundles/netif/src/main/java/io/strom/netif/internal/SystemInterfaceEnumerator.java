package io.strom.netif.internal;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JDK's view of the interfaces. Each call walks the kernel's interface table (netlink on
 * Linux), which is the cost this bundle takes off the signalling path.
 */
final class SystemInterfaceEnumerator implements InterfaceEnumerator {

    static final SystemInterfaceEnumerator INSTANCE = new SystemInterfaceEnumerator();

    private SystemInterfaceEnumerator() {
    }

    @Override
    public List<InterfaceSnapshot> enumerate() throws SocketException {
        List<InterfaceSnapshot> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            out.add(new InterfaceSnapshot(nic.getName(), nic.isUp(), nic.isLoopback(),
                    Collections.list(nic.getInetAddresses())));
        }
        return out;
    }
}
