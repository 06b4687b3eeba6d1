package io.strom.ice.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.TcpHarvester;

/**
 * The one passive ICE-TCP port (RFC 6544) shared by every session: an ice4j {@link TcpHarvester}
 * bound at activation on the addresses listed then (TCP is the fallback for UDP-blocked clients,
 * so it does not follow address changes until re-activation).
 */
final class SharedTcpPort implements AutoCloseable {

    private final TcpHarvester harvester;

    private SharedTcpPort(TcpHarvester harvester) {
        this.harvester = harvester;
    }

    static SharedTcpPort bind(int port, List<InetAddress> addresses) throws IOException {
        if (addresses.isEmpty()) {
            throw new IOException("webrtcLocalTCPAddress: no host address to bind on");
        }
        List<TransportAddress> bind = new ArrayList<>();
        for (InetAddress a : addresses) {
            bind.add(new TransportAddress(a, port, Transport.TCP));
        }
        return new SharedTcpPort(new TcpHarvester(bind));
    }

    TcpHarvester harvester() {
        return harvester;
    }

    @Override
    public void close() {
        harvester.close();
    }
}
