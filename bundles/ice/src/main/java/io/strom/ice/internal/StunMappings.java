package io.strom.ice.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.StunMappingCandidateHarvester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-reflexive candidates for the shared port: once at start, one background thread asks each
 * STUN server for each non-loopback host address's public mapping; each mapping found then adds
 * an srflx candidate (public address, shared port) next to the matching host candidate of every
 * later session. Sessions created before an answer simply lack it. A per-session STUN gathering
 * is impossible here, because the shared port has no per-session socket.
 *
 * <p>TURN entries are {@link TurnRelays}'s: a relay is allocated from a per-session socket.
 */
final class StunMappings implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StunMappings.class);

    private final List<CandidateHarvester> found = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private StunMappings(List<IceServer> stun, List<InetAddress> hosts) {
        thread = stun.isEmpty() ? null : new Thread(() -> discover(stun, hosts), "strom-ice-stun-discovery");
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
    }

    static StunMappings start(List<IceServer> servers, List<InetAddress> hosts) {
        List<IceServer> stun = servers.stream().filter(s -> !s.turn() && s.transport().equals("udp")).toList();
        for (IceServer s : servers) {
            if (!s.turn() && !stun.contains(s)) {
                LOG.warn("ICE: {} gives no candidate on the shared port (only UDP STUN mappings are used)", s);
            }
        }
        return new StunMappings(stun, hosts.stream().filter(a -> !a.isLoopbackAddress()).toList());
    }

    private void discover(List<IceServer> stun, List<InetAddress> hosts) {
        for (IceServer server : stun) {
            for (InetAddress host : hosts) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    StunMappingCandidateHarvester h = new StunMappingCandidateHarvester(
                            new TransportAddress(host, 0, Transport.UDP),
                            new TransportAddress(server.host(), server.port(), Transport.UDP));
                    h.discover();
                    if (h.getMask() != null) {
                        found.add(h);
                        LOG.info("ICE: {} maps {} to {}", server, host.getHostAddress(), h.getMask());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("ICE: STUN mapping of {} via {} failed: {}", host.getHostAddress(), server, e.toString());
                }
            }
        }
    }

    /** The mappings learnt so far. */
    List<CandidateHarvester> harvesters() {
        return found;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
