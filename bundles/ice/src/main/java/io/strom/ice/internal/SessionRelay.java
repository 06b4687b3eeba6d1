package io.strom.ice.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RelayedCandidate;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.ice4j.stack.StunStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one session holds for its relay candidates: an ephemeral UDP socket per TURN server (a TURN
 * allocation belongs to one client 5-tuple, so it cannot come from the shared port) and the
 * harvesters that allocated from them. The sockets are not candidates of the component: they are
 * never offered, only the relays on them are.
 *
 * <p>Closing takes two steps around ice4j's {@code Agent.free()}, which shuts the STUN stack down
 * before it frees candidates: {@link #deleteAllocations} first (its zero-lifetime Refresh still
 * leaves), {@link #close} after.
 */
final class SessionRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRelay.class);

    private final Component component;
    private final StunStack stunStack;
    private final List<HostCandidate> sockets = new ArrayList<>();
    private final List<SessionTurnHarvester> harvesters = new ArrayList<>();

    SessionRelay(Component component) {
        this.component = component;
        this.stunStack = component.getParentStream().getParentAgent().getStunStack();
    }

    /** Binds a new ephemeral UDP socket on {@code local}, read by the agent's STUN stack. */
    HostCandidate bind(InetAddress local) throws SocketException {
        MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(0, local);
        HostCandidate host = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
        stunStack.addSocket(host.getStunSocket(null));
        sockets.add(host);
        return host;
    }

    void add(SessionTurnHarvester harvester) {
        harvesters.add(harvester);
    }

    /** The per-session sockets' local addresses (tests: freed after {@link #close}). */
    List<InetSocketAddress> socketAddresses() {
        return sockets.stream().map(h -> (InetSocketAddress) h.getTransportAddress()).toList();
    }

    /**
     * Closes the relayed sockets while the STUN stack still runs: ice4j then sends the server a
     * zero-lifetime Refresh and stops refreshing, so the allocation ends now, not at its lifetime.
     */
    void deleteAllocations() {
        for (LocalCandidate c : component.getLocalCandidates()) {
            if (c instanceof RelayedCandidate relayed) {
                try {
                    // Off the STUN stack first, or its reader dies on the closed socket with a warning.
                    stunStack.removeSocket(relayed.getTransportAddress());
                    relayed.getCandidateIceSocketWrapper().close();
                } catch (RuntimeException e) {
                    LOG.debug("ICE: closing relay {} failed: {}", c.getTransportAddress(), e.toString());
                }
            }
        }
    }

    /** Stops unfinished gatherings and closes the per-session sockets; after {@code Agent.free()}. */
    @Override
    public void close() {
        harvesters.forEach(SessionTurnHarvester::stop);
        for (HostCandidate host : sockets) {
            try {
                stunStack.removeSocket(host.getTransportAddress());
            } catch (RuntimeException e) {
                LOG.debug("ICE: STUN stack refused to drop {}: {}", host.getTransportAddress(), e.toString());
            }
            host.getCandidateIceSocketWrapper().close();
        }
    }
}
