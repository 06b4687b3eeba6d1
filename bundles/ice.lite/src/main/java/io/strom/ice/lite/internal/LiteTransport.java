package io.strom.ice.lite.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceCredentials;
import io.strom.api.ice.IceTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection on the shared port. ICE-lite: it never sends checks; it answers the peer's,
 * takes the address of a check carrying USE-CANDIDATE as the selected pair (a peer-reflexive
 * address, so {@code .local} candidates need no resolution), and fails when no check arrives for
 * the consent timeout. Checks, datagrams and the consent sweep all run on the server's event loop.
 */
final class LiteTransport implements IceTransport {

    private static final Logger LOG = LoggerFactory.getLogger(LiteTransport.class);

    private final LiteUdpServer server;
    private final Listener listener;
    private final IceCredentials local;
    private final List<IceCandidate> candidates;
    private final Mac mac;
    private volatile String remoteUfrag;
    /** The selected peer address, or null before USE-CANDIDATE. */
    private volatile InetSocketAddress selected;
    /** The ICE-TCP connection of the selected pair, or null when it is on the UDP port. */
    private volatile Channel selectedTcp;
    private volatile long lastCheckNanos;
    private volatile boolean closed;

    LiteTransport(LiteUdpServer server, Listener listener, IceCredentials local, List<IceCandidate> candidates) {
        this.server = server;
        this.listener = listener;
        this.local = local;
        this.candidates = List.copyOf(candidates);
        try {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(local.pwd().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
        lastCheckNanos = System.nanoTime();
    }

    @Override
    public IceCredentials localCredentials() {
        return local;
    }

    @Override
    public List<IceCandidate> localCandidates() {
        return candidates;
    }

    @Override
    public boolean isLite() {
        return true;
    }

    @Override
    public void start(IceCredentials remote, List<IceCandidate> remoteCandidates) {
        // a lite agent has nothing to check: the peer's candidates matter only as its checks arrive
        remoteUfrag = remote.ufrag();
    }

    @Override
    public void addRemoteCandidate(IceCandidate candidate) {
        // as in start: the peer's check, not its candidate, gives its address
    }

    @Override
    public void send(ByteBuf datagram) {
        InetSocketAddress to = selected;
        Channel tcp = selectedTcp;
        if (to == null || closed) {
            datagram.release();
        } else if (tcp != null) {
            tcp.writeAndFlush(datagram, tcp.voidPromise()); // framed by the connection's pipeline
        } else {
            server.send(datagram, to);
        }
    }

    /** The HMAC keyed with the local password; only the event loop uses it. */
    Mac mac() {
        return mac;
    }

    /** Whether a check's USERNAME remote part fits: any before {@link #start}, then the offer's ufrag. */
    boolean acceptsRemoteUfrag(String ufrag) {
        String expected = remoteUfrag;
        return !closed && (expected == null || expected.equals(ufrag));
    }

    /** A check with the right integrity came from {@code sender}, on the UDP port or on ICE-TCP connection {@code tcp}. */
    void onCheck(InetSocketAddress sender, Channel tcp, boolean useCandidate) {
        lastCheckNanos = System.nanoTime();
        InetSocketAddress previous = selected;
        Channel previousTcp = selectedTcp;
        if (!useCandidate || (sender.equals(previous) && tcp == previousTcp)) {
            return;
        }
        selected = sender;
        selectedTcp = tcp;
        if (tcp != null) {
            tcp.attr(LiteTcpServer.SESSION).set(this);
            if (previous != null && previousTcp == null) {
                server.sessions().remove(this, previous, false);
            }
        } else {
            server.sessions().select(this, previousTcp == null ? previous : null, sender);
        }
        if (previous == null) {
            LOG.debug("ICE-lite {} selected {}", local.ufrag(), sender);
            listener.onConnected(sender);
        } else {
            LOG.debug("ICE-lite {} moved from {} to {}", local.ufrag(), previous, sender);
        }
    }

    /** A non-STUN datagram from the selected address; borrowed. */
    void onDatagram(ByteBuf datagram) {
        if (!closed) {
            listener.onDatagram(datagram);
        }
    }

    /** Fails the session when its peer was silent too long: before selection, or since the last check. */
    void sweep(long nowNanos, long consentNanos) {
        if (!closed && nowNanos - lastCheckNanos > consentNanos) {
            fail(selected == null ? "ICE-lite: no nominating check arrived" : "ICE-lite: consent expired");
        }
    }

    /** Whether {@code tcp} carries the selected pair. */
    boolean isSelected(Channel tcp) {
        return tcp == selectedTcp;
    }

    void fail(String reason) {
        if (closed) {
            return;
        }
        close();
        listener.onFailed(reason);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.sessions().remove(this, selectedTcp == null ? selected : null, true);
        Channel tcp = selectedTcp;
        if (tcp != null) {
            tcp.close();
        }
    }
}
