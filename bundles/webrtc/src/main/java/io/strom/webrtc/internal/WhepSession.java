package io.strom.webrtc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceTransport;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.Unit;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import io.strom.api.path.Reader;
import io.strom.api.path.ReaderHandle;
import io.strom.api.protocol.ProtocolSession;
import io.strom.api.srtp.SrtpCipherSuite;
import io.strom.api.srtp.SrtpContext;
import io.strom.api.srtp.SrtpException;
import io.strom.codec.KeyframeGate;
import io.strom.codec.SenderReports;
import io.strom.webrtc.internal.dtls.DtlsFingerprint;
import io.strom.webrtc.internal.dtls.DtlsListener;
import io.strom.webrtc.internal.dtls.DtlsResult;
import io.strom.webrtc.internal.dtls.DtlsServer;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WHEP reader: ICE, then DTLS, then the stream's packets over SRTP. Everything after set-up
 * runs on one event loop: the stream core drains this reader's queue there, RTCP from the peer
 * is handled there, and sender reports are scheduled there. ICE and DTLS call back on their own
 * threads and hop over.
 */
final class WhepSession implements Reader, IceTransport.Listener, RtcpFeedback.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(WhepSession.class);
    /** Distinct SSRCs a peer may send RTCP from before further ones are dropped (bounds the context map). */
    private static final int MAX_REMOTE_SSRCS = 8;

    final String id;
    final String path;
    final Instant created = Instant.now();
    private final WebRtcServer server;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final MediaDescription description;
    private final AnswerPlan plan;
    private final SessionServices services;
    private final PathManager pathManager;
    private final long rtcpIntervalMillis;
    private final long[] ssrcs;
    private final IceTransport ice;
    private final DtlsServer dtls;
    private final KeyframeGate gate;
    private final SenderReports reports;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<Long, SrtpContext> remoteContexts = new HashMap<>();
    private volatile TrackSender[] senders; // set once on the loop when streaming starts
    private SrtpCipherSuite suite;
    private byte[] remoteKey;
    private byte[] remoteSalt;
    private volatile ReaderHandle handle;
    private volatile InetSocketAddress remote;
    private volatile long bytesReceived;
    private long nacks;
    private volatile String closeReason;
    final WebRtcCounters counters;

    WhepSession(WebRtcServer server, String id, String path, MediaDescription description, AnswerPlan plan,
                SessionServices services, EventLoop loop, WebRtcCounters counters) throws java.io.IOException {
        this.server = server;
        this.id = id;
        this.path = path;
        this.description = description;
        this.plan = plan;
        this.services = services;
        this.loop = loop;
        this.alloc = server.allocator();
        this.pathManager = server.pathManager();
        this.rtcpIntervalMillis = server.rtcpIntervalMillis();
        this.counters = counters;
        this.ssrcs = new long[plan.bindings().size()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        }
        this.gate = new KeyframeGate(description);
        this.reports = new SenderReports(description);
        OfferSdp.Section first = plan.offer().sections().get(plan.bindings().get(0).section());
        this.dtls = new DtlsServer(server.certificate(), services.profileIds(), peerFingerprint(first),
                this::sendDtls, server.handshakeExecutor(), java.time.Duration.ofMillis(server.handshakeTimeoutMillis()), new DtlsEvents());
        this.ice = services.ice().create(this);
    }

    /** The offer's {@code a=fingerprint:<algorithm> <value>}; IllegalArgumentException (400) when malformed. */
    private static DtlsFingerprint peerFingerprint(OfferSdp.Section section) {
        String[] parts = section.fingerprint().strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("malformed fingerprint: " + section.fingerprint());
        }
        return DtlsFingerprint.parse(parts[0], parts[1]);
    }

    /** The SDP answer; starts ICE with the offer's credentials and candidates. */
    String answer() {
        OfferSdp.Section first = plan.offer().sections().get(plan.bindings().get(0).section());
        String answer = AnswerSdp.write(plan, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                ice.localCredentials(), ice.localCandidates(), ice.isLite(), server.certificate().fingerprintSha256(), ssrcs);
        ice.start(first.ice(), first.candidates());
        return answer;
    }

    /** A trickled candidate from a PATCH. */
    void addRemoteCandidate(IceCandidate candidate) {
        ice.addRemoteCandidate(candidate);
    }

    // ICE ------------------------------------------------------------------------------------

    @Override
    public void onConnected(InetSocketAddress remote) {
        this.remote = remote;
        LOG.debug("WHEP session {} on {}: ICE connected to {}", id, path, remote);
        dtls.start();
    }

    @Override
    public void onDatagram(ByteBuf datagram) {
        if (!datagram.isReadable() || closed.get()) {
            return;
        }
        bytesReceived += datagram.readableBytes();
        int first = datagram.getUnsignedByte(datagram.readerIndex());
        if (first >= 20 && first <= 63) {
            dtls.receive(datagram);
        } else if (first >= 128 && first <= 191) {
            ByteBuf copy = alloc.directBuffer(datagram.readableBytes()).writeBytes(datagram, datagram.readerIndex(),
                    datagram.readableBytes());
            loop.execute(() -> onSrtp(copy));
        } else {
            counters.garbageDatagrams.increment();
        }
    }

    private void sendDtls(byte[] data, int offset, int length) {
        ice.send(alloc.directBuffer(length).writeBytes(data, offset, length));
    }

    @Override
    public void onFailed(String reason) {
        close("ICE failed: " + reason);
    }

    // DTLS -----------------------------------------------------------------------------------

    /** DTLS events; they arrive on the handshake thread or on the ICE thread. */
    private final class DtlsEvents implements DtlsListener {
        @Override
        public void onHandshakeComplete(DtlsResult result) {
            loop.execute(() -> startStreaming(result));
        }

        @Override
        public void onFailed(String reason) {
            counters.dtlsFailures.increment();
            close("DTLS failed: " + reason);
        }

        @Override
        public void onClosed() {
            close("closed by the peer (DTLS close_notify)");
        }
    }

    private void startStreaming(DtlsResult keys) {
        if (closed.get()) {
            return;
        }
        suite = services.suite(keys.profileId());
        remoteKey = keys.remoteKey();
        remoteSalt = keys.remoteSalt();
        TrackSender[] built = new TrackSender[description.tracks().size()];
        for (int i = 0; i < plan.bindings().size(); i++) {
            AnswerPlan.Binding b = plan.bindings().get(i);
            built[b.track()] = new TrackSender(b.track(), b.payloadType(), ssrcs[i],
                    ThreadLocalRandom.current().nextInt(0x10000), suite.createContext(keys.localKey(), keys.localSalt()),
                    suite.overhead(), services.retransmissions() == null ? null : services.retransmissions().create(ssrcs[i]),
                    reports, ParameterSets.aggregationPayload(description.tracks().get(b.track()).format()),
                    server.simulatedLoss());
        }
        senders = built;
        gate.arm(true);
        try {
            handle = pathManager.addReader(new AddReaderRequest(path, this));
        } catch (PathException e) {
            close("cannot read " + path + ": " + e.getMessage());
            return;
        }
        LOG.info("WHEP session {} reads {} from {} ({}, {} track(s))", id, path, remote, suite.profile(),
                plan.bindings().size());
        loop.schedule(this::report, rtcpIntervalMillis, TimeUnit.MILLISECONDS);
    }

    // Media ----------------------------------------------------------------------------------

    @Override
    public boolean readsAccessUnits() {
        return false;
    }

    @Override
    public void onUnit(Unit unit) {
        TrackSender sender = senders[unit.track()];
        if (sender == null || closed.get() || !gate.pass(unit)) {
            return;
        }
        int count = unit.rtpPacketCount();
        for (int i = 0; i < count; i++) {
            sender.send(unit.rtpPacket(i), ice, alloc);
        }
    }

    private void report() {
        if (closed.get()) {
            return;
        }
        reports.report(alloc, (track, sr) -> {
            ByteBuf out = alloc.directBuffer(sr.readableBytes() + suite.overhead()).writeBytes(sr);
            sr.release();
            try {
                senders[track].srtpContext().protectRtcp(out);
                ice.send(out);
            } catch (SrtpException e) {
                out.release();
            }
        });
        loop.schedule(this::report, rtcpIntervalMillis, TimeUnit.MILLISECONDS);
    }

    private void onSrtp(ByteBuf packet) {
        try {
            if (closed.get() || suite == null) {
                return;
            }
            int type = packet.readableBytes() >= 2 ? packet.getUnsignedByte(packet.readerIndex() + 1) : 0;
            if (type < 192 || type > 223) {
                counters.unexpectedRtp.increment(); // a WHEP peer only receives: RTP from it is dropped
                return;
            }
            SrtpContext context = remoteContext(packet.readableBytes() >= 8 ? packet.getUnsignedInt(packet.readerIndex() + 4) : 0);
            if (context == null) {
                counters.srtcpFailures.increment();
                return;
            }
            try {
                context.unprotectRtcp(packet);
            } catch (SrtpException e) {
                counters.srtcpFailures.increment();
                return;
            }
            if (!RtcpFeedback.read(packet, this)) {
                counters.malformedRtcp.increment();
            }
        } finally {
            packet.release();
        }
    }

    private SrtpContext remoteContext(long ssrc) {
        SrtpContext context = remoteContexts.get(ssrc);
        if (context == null && remoteContexts.size() < MAX_REMOTE_SSRCS) {
            context = suite.createContext(remoteKey, remoteSalt);
            remoteContexts.put(ssrc, context);
        }
        return context;
    }

    @Override
    public void nack(long mediaSsrc, int sequenceNumber) {
        nacks++;
        counters.nacksReceived.increment();
        TrackSender sender = senderOf(mediaSsrc);
        if (sender != null && sender.resend(sequenceNumber, ice, alloc)) {
            counters.retransmitted.increment();
        }
    }

    @Override
    public void keyframeRequest(long mediaSsrc, boolean fir) {
        // RTSP and RTMP publishers cannot be asked for a keyframe; WHIP publishers will be.
        (fir ? counters.firsReceived : counters.plisReceived).increment();
    }

    @Override
    public void receiverReport(long mediaSsrc, int fractionLost, int cumulativeLost, long jitter) {
        counters.receiverReports.increment();
    }

    private TrackSender senderOf(long ssrc) {
        if (senders != null) {
            for (TrackSender s : senders) {
                if (s != null && s.ssrc == ssrc) {
                    return s;
                }
            }
        }
        return null;
    }

    // Lifecycle ------------------------------------------------------------------------------

    @Override
    public String type() {
        return "webRTCSession";
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public java.util.concurrent.Executor executor() {
        return loop;
    }

    /** Ends the session (DELETE, kick, failure, publisher gone); idempotent, any thread. */
    @Override
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        server.removed(this);
        ReaderHandle h = handle;
        if (h != null) {
            h.close();
        }
        dtls.close();
        ice.close();
        try {
            loop.execute(this::releaseSenders);
        } catch (java.util.concurrent.RejectedExecutionException loopGone) {
            releaseSenders(); // the server is stopping: nothing else runs on the loop any more
        }
    }

    /** Releases the retransmission buffers and logs the session's summary; on the loop. */
    private void releaseSenders() {
        long packets = 0;
        long retransmitted = 0;
        if (senders != null) {
            for (TrackSender s : senders) {
                if (s != null) {
                    packets += s.packetsSent;
                    retransmitted += s.retransmitted;
                    s.close();
                }
            }
        }
        LOG.info("WHEP session {} on {} closed: {} ({} packets sent, {} NACKed, {} retransmitted)", id, path,
                closeReason, packets, nacks, retransmitted);
    }

    ProtocolSession snapshot() {
        long sent = 0;
        TrackSender[] s = senders;
        if (s != null) {
            for (TrackSender t : s) {
                sent += t == null ? 0 : t.bytesSent;
            }
        }
        return new ProtocolSession(id, created, remote, handle == null ? "idle" : "read", path, bytesReceived, sent);
    }

    List<Long> ssrcs() {
        return java.util.Arrays.stream(ssrcs).boxed().toList();
    }
}
