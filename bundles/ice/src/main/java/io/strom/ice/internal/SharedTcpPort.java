package io.strom.ice.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.TcpHarvester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one passive ICE-TCP port (RFC 6544) shared by every session: an ice4j {@link TcpHarvester}
 * bound at activation on the addresses listed then (TCP is the fallback for UDP-blocked clients,
 * so it does not follow address changes until re-activation).
 */
final class SharedTcpPort implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedTcpPort.class);

    private final TcpHarvester harvester;

    private SharedTcpPort(TcpHarvester harvester) {
        this.harvester = harvester;
    }

    /**
     * Binds the port on {@code addresses} except loopback ones, or returns null when only loopback
     * addresses are listed: ice4j's TCP harvester neither listens on nor offers a loopback address
     * (unlike its UDP one), so such a port would be announced as on and never reachable.
     */
    static SharedTcpPort bind(int port, List<InetAddress> addresses) throws IOException {
        if (addresses.isEmpty()) {
            throw new IOException("webrtcLocalTCPAddress: no host address to bind on");
        }
        List<TransportAddress> bind = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress()) {
                LOG.warn("webrtcLocalTCPAddress: {} skipped, ICE-TCP (ice4j) offers no loopback candidates",
                        a.getHostAddress());
            } else {
                bind.add(new TransportAddress(a, port, Transport.TCP));
            }
        }
        return bind.isEmpty() ? null : new SharedTcpPort(new TcpHarvester(bind));
    }

    TcpHarvester harvester() {
        return harvester;
    }

    @Override
    public void close() {
        harvester.close();
    }
}
