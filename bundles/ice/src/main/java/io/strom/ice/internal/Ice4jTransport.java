package io.strom.ice.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceCredentials;
import io.strom.api.ice.IceTransport;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.Transport;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferHandler;
import org.ice4j.util.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection on an ice4j {@link Agent} (controlled role, one stream, one component).
 *
 * <p>Receiving: UDP datagrams are pushed by the shared-port harvester's thread into
 * {@link #handleBuffer}, copied into this transport's one reusable buffer and lent to the
 * listener; a TCP or relayed pair is read by one {@link PulledMediaReader} thread. Only datagrams from the
 * selected pair's remote address are delivered. Sending copies into one reusable array and writes
 * on the selected pair's socket. Neither path allocates per datagram.
 *
 * <p>Failure ({@code onFailed}, at most once): ice4j's FAILED state, no selected pair within the
 * handshake timeout ("ICE timeout"), or no consent confirmation for {@link #CONSENT_EXPIRY}
 * (RFC 7675: 30 s).
 */
final class Ice4jTransport implements IceTransport, BufferHandler, PropertyChangeListener {

    static final Duration CONSENT_EXPIRY = Duration.ofSeconds(30);
    private static final int MAX_DATAGRAM = 4096;
    /** Datagrams kept from before selection: a DTLS flight is a few. */
    private static final int MAX_EARLY = 8;
    private static final Logger LOG = LoggerFactory.getLogger(Ice4jTransport.class);

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final Listener listener;
    private final Ice4jTransportSettings settings;
    private final Runnable onClose;
    private final IceCredentials localCredentials;
    private final List<IceCandidate> localCandidates;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object receiveLock = new Object();
    private final Object sendLock = new Object();
    private final ByteBuf inbound = Unpooled.buffer(PushBufferPool.BUFFER_SIZE, MAX_DATAGRAM);
    private final byte[] outbound = new byte[MAX_DATAGRAM];
    private final DatagramPacket outPacket = new DatagramPacket(outbound, 0);
    /**
     * Datagrams that arrived before the pair was selected, kept to be delivered once it is: the
     * peer starts DTLS as soon as its own check succeeds, often before ice4j has processed the
     * nomination, and a ClientHello dropped here costs a DTLS retransmission (a second or more).
     */
    private final java.util.ArrayDeque<Early> early = new java.util.ArrayDeque<>();
    private volatile IceSocketWrapper selectedSocket;
    private volatile InetSocketAddress selectedRemote;
    private volatile String remoteUfrag;
    private volatile long connectedAtMillis;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> consent;
    private PulledMediaReader pulledReader;
    /** The session's TURN sockets and allocations, or {@code null} without TURN servers. */
    private final SessionRelay relay;

    Ice4jTransport(Agent agent, SessionRelay relay, Listener listener, Ice4jTransportSettings settings,
            Runnable onClose) {
        this.agent = agent;
        this.relay = relay;
        this.stream = agent.getStreams().get(0);
        this.component = stream.getComponents().get(0);
        this.listener = listener;
        this.settings = settings;
        this.onClose = onClose;
        this.localCredentials = new IceCredentials(agent.getLocalUfrag(), agent.getLocalPassword());
        this.localCandidates = component.getLocalCandidates().stream().map(Candidates::toSpi).toList();
        component.setBufferCallback(this);
        agent.addStateChangeListener(this);
    }

    @Override
    public IceCredentials localCredentials() {
        return localCredentials;
    }

    @Override
    public List<IceCandidate> localCandidates() {
        return localCandidates;
    }

    @Override
    public boolean isLite() {
        return false;
    }

    @Override
    public void start(IceCredentials remote, List<IceCandidate> remoteCandidates) {
        if (closed.get() || !started.compareAndSet(false, true)) {
            LOG.debug("ICE {}: start ignored (already started or closed)", localCredentials.ufrag());
            return;
        }
        remoteUfrag = remote.ufrag();
        stream.setRemoteUfrag(remote.ufrag());
        stream.setRemotePassword(remote.pwd());
        for (IceCandidate c : remoteCandidates) {
            if (!c.isMdns()) {
                addResolved(c, IpLiterals.parse(c.address()), false);
            }
        }
        synchronized (this) {
            timeout = settings.timer().schedule(() -> fail("ICE timeout"),
                    settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        agent.startConnectivityEstablishment();
        for (IceCandidate c : remoteCandidates) {
            if (c.isMdns()) {
                resolveMdns(c);
            }
        }
    }

    @Override
    public void addRemoteCandidate(IceCandidate candidate) {
        if (closed.get()) {
            return;
        }
        if (candidate.isMdns()) {
            resolveMdns(candidate);
        } else {
            addResolved(candidate, IpLiterals.parse(candidate.address()), started.get());
        }
    }

    private void resolveMdns(IceCandidate c) {
        MdnsResolver resolver = settings.mdns();
        if (resolver == null) {
            settings.counters().mdnsIgnored.increment();
            LOG.debug("ICE {}: remote mDNS candidate {} ignored (mdns=disabled); peer-reflexive will do",
                    localCredentials.ufrag(), c.address());
            return;
        }
        resolver.resolve(c.address()).whenComplete((address, error) -> {
            if (error != null) {
                settings.counters().mdnsUnresolved.increment();
                LOG.debug("ICE {}: {} unresolved: {}", localCredentials.ufrag(), c.address(), error.toString());
            } else if (!closed.get()) {
                addResolved(c, address, started.get());
            }
        });
    }

    private void addResolved(IceCandidate c, InetAddress address, boolean trickle) {
        RemoteCandidate rc = address == null ? null
                : Candidates.toIce4j(c, address, component, settings.tcp(), remoteUfrag);
        if (rc == null) {
            settings.counters().badRemoteCandidates.increment();
            LOG.debug("ICE {}: remote candidate unusable: {}", localCredentials.ufrag(), c);
            return;
        }
        if (trickle) {
            component.addUpdateRemoteCandidates(rc);
            component.updateRemoteCandidates();
        } else {
            component.addRemoteCandidate(rc);
        }
    }

    /** ice4j's processing-state events: COMPLETED selects the pair, FAILED fails the transport. */
    @Override
    public void propertyChange(PropertyChangeEvent event) {
        if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) {
            return;
        }
        Object state = event.getNewValue();
        if (state == IceProcessingState.COMPLETED) {
            connected();
        } else if (state == IceProcessingState.FAILED) {
            fail("ICE failed: no candidate pair succeeded");
        }
    }

    private void connected() {
        CandidatePair pair = component.getSelectedPair();
        if (pair == null || ended.get()) {
            return;
        }
        InetSocketAddress remote = pair.getRemoteCandidate().getTransportAddress();
        IceSocketWrapper socket = socketOf(pair);
        if (socket == null) {
            fail("ICE: the selected pair has no socket");
            return;
        }
        synchronized (this) {
            if (ended.get()) {
                return;
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
            connectedAtMillis = System.currentTimeMillis();
            consent = settings.timer().scheduleWithFixedDelay(this::checkConsent, 5, 5, TimeUnit.SECONDS);
            if (pair.getRemoteCandidate().getTransport() == Transport.TCP) {
                pulledReader = new PulledMediaReader(component.getSocket(), this,
                        "strom-ice-tcp-" + localCredentials.ufrag());
            } else if (pair.getLocalCandidate().getType() == CandidateType.RELAYED_CANDIDATE) {
                pulledReader = new PulledMediaReader(relaySource(socket), this,
                        "strom-ice-relay-" + localCredentials.ufrag());
            }
        }
        synchronized (sendLock) {
            outPacket.setSocketAddress(remote);
        }
        selectedSocket = socket;
        LOG.debug("ICE {}: connected to {} over {}", localCredentials.ufrag(), remote, pair.getRemoteCandidate().getTransport());
        try {
            listener.onConnected(remote);
        } catch (RuntimeException e) {
            listenerError(e);
        }
        synchronized (receiveLock) {
            selectedRemote = remote; // from here on receive() delivers; first what came early
            for (Early e = early.poll(); e != null; e = early.poll()) {
                if (e.from().equals(remote)) {
                    deliver(e.data(), 0, e.data().length);
                }
            }
        }
        PulledMediaReader reader = pulledReader;
        if (reader != null) {
            reader.start();
        }
    }

    /**
     * The socket that writes on {@code pair}: the pair's own candidate socket, or the component's
     * merging socket when TCP made ice4j create one. ice4j marks the accessor deprecated in favour
     * of {@code Component.send}, which allocates a packet per datagram.
     */
    @SuppressWarnings("deprecation")
    private static IceSocketWrapper socketOf(CandidatePair pair) {
        return pair.getIceSocketWrapper();
    }

    /**
     * Where a relayed pair's datagrams are read: the component's merging socket when ice4j made one
     * (TCP on), since ice4j adds the relayed socket to it and reads it from there; otherwise the
     * relayed socket itself, whose non-STUN datagrams nobody else reads. Both are tested.
     */
    private DatagramSocket relaySource(IceSocketWrapper relayed) {
        return component.getComponentSocket() != null ? component.getSocket() : relayed.getUDPSocket();
    }

    private void checkConsent() {
        CandidatePair pair = component.getSelectedPair();
        long last = pair == null ? -1 : pair.getConsentFreshness();
        long since = Math.max(last, connectedAtMillis);
        if (System.currentTimeMillis() - since > CONSENT_EXPIRY.toMillis()) {
            fail("ICE consent expired");
        }
    }

    /** Ends the transport once with {@code reason}; the caller still closes it. */
    void fail(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            cancelTimers();
        }
        selectedSocket = null;
        selectedRemote = null;
        LOG.debug("ICE {}: {}", localCredentials.ufrag(), reason);
        try {
            listener.onFailed(reason);
        } catch (RuntimeException e) {
            listenerError(e);
        }
    }

    /** Push path: one non-STUN UDP datagram from the shared-port harvester thread; the buffer goes back to the pool. */
    @Override
    public void handleBuffer(Buffer buffer) {
        try {
            receive(buffer.getBuffer(), buffer.getOffset(), buffer.getLength(), buffer.getRemoteAddress());
        } finally {
            BufferPool.returnBuffer.invoke(buffer);
        }
    }

    /** Delivers one datagram from {@code from} if it is the selected pair's remote. */
    void receive(byte[] data, int offset, int length, SocketAddress from) {
        InetSocketAddress remote = selectedRemote;
        if (remote != null && !remote.equals(from)) {
            settings.counters().droppedForeignSource.increment();
            return;
        }
        synchronized (receiveLock) {
            if (closed.get()) {
                return;
            }
            if (selectedRemote == null) {
                keepEarly(data, offset, length, from);
                return;
            }
            deliver(data, offset, length);
        }
    }

    /** Keeps a datagram that came before selection; beyond {@value #MAX_EARLY} of them, drops and counts. */
    private void keepEarly(byte[] data, int offset, int length, SocketAddress from) {
        if (early.size() >= MAX_EARLY || !(from instanceof InetSocketAddress source)) {
            settings.counters().droppedUnconnected.increment();
            return;
        }
        early.add(new Early(java.util.Arrays.copyOfRange(data, offset, offset + length), source));
    }

    private record Early(byte[] data, InetSocketAddress from) {
    }

    /** Lends one datagram to the listener; under receiveLock. */
    private void deliver(byte[] data, int offset, int length) {
        inbound.clear();
        inbound.writeBytes(data, offset, length);
        try {
            listener.onDatagram(inbound);
        } catch (RuntimeException e) {
            listenerError(e);
        }
    }

    @Override
    public void send(ByteBuf datagram) {
        try {
            IceSocketWrapper socket = selectedSocket;
            if (socket == null) {
                settings.counters().droppedUnconnected.increment();
                return;
            }
            int length = datagram.readableBytes();
            if (length > outbound.length) {
                settings.counters().droppedOversize.increment();
                return;
            }
            synchronized (sendLock) {
                datagram.getBytes(datagram.readerIndex(), outbound, 0, length);
                outPacket.setData(outbound, 0, length);
                socket.send(outPacket);
            }
        } catch (IOException e) {
            settings.counters().sendErrors.increment();
            LOG.debug("ICE {}: send failed: {}", localCredentials.ufrag(), e.toString());
        } finally {
            datagram.release();
        }
    }

    private void listenerError(RuntimeException e) {
        settings.counters().listenerErrors.increment();
        LOG.warn("ICE {}: listener threw", localCredentials.ufrag(), e);
    }

    private void cancelTimers() {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (consent != null) {
            consent.cancel(false);
        }
    }

    /**
     * Frees the agent (its sockets and STUN threads), stops a pulling reader, ends the TURN
     * allocations and closes their sockets, and gives back the shared port.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ended.set(true);
        selectedSocket = null;
        selectedRemote = null;
        PulledMediaReader reader;
        synchronized (this) {
            cancelTimers();
            reader = pulledReader;
        }
        agent.removeStateChangeListener(this);
        component.setBufferCallback(null);
        if (relay != null) {
            relay.deleteAllocations();
        }
        try {
            agent.free();
        } catch (RuntimeException e) {
            LOG.debug("ICE {}: agent free failed: {}", localCredentials.ufrag(), e.toString());
        }
        if (reader != null) {
            reader.stop();
        }
        if (relay != null) {
            relay.close();
        }
        onClose.run();
        synchronized (receiveLock) {
            inbound.release();
        }
    }

    /** The per-session TURN sockets' local addresses, empty without TURN (tests). */
    List<InetSocketAddress> relaySockets() {
        return relay == null ? List.of() : relay.socketAddresses();
    }

    /** Whether {@link #close} ran (for the factory's bookkeeping and tests). */
    boolean isClosed() {
        return closed.get();
    }
}
