package io.strom.webrtc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceTransport;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.Unit;
import io.strom.api.nack.RetransmissionBuffer;
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
import io.strom.webrtc.internal.dtls.DtlsResult;
import java.time.Instant;
import java.util.List;
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
final class WhepSession implements Reader, PeerTransport.Events, RtcpFeedback.Handler, WebRtcSession {

    private static final Logger LOG = LoggerFactory.getLogger(WhepSession.class);

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
    private final PeerTransport transport;
    private final KeyframeGate gate;
    private final SenderReports reports;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile TrackSender[] senders; // set once on the loop when streaming starts
    private SrtpCipherSuite suite;
    private RemoteContexts remoteContexts;
    private volatile ReaderHandle handle;
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
        this.transport = new PeerTransport(server, services, firstSection(), loop, counters, this);
    }

    private OfferSdp.Section firstSection() {
        return plan.offer().sections().get(plan.bindings().get(0).section());
    }

    @Override
    public String answer() {
        IceTransport ice = transport.ice();
        String answer = AnswerSdp.write(plan, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                ice.localCredentials(), ice.localCandidates(), ice.isLite(), server.certificate().fingerprintSha256(), ssrcs);
        transport.start(firstSection());
        return answer;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void addRemoteCandidate(IceCandidate candidate) {
        transport.addRemoteCandidate(candidate);
    }

    // Transport ------------------------------------------------------------------------------

    @Override
    public void onKeys(DtlsResult keys) {
        startStreaming(keys);
    }

    @Override
    public void onEnded(String reason) {
        close(reason);
    }

    /**
     * The track's retransmission buffer, or null when the reader did not negotiate NACK for it
     * (browsers offer it for video, not for Opus): a buffer nobody asks holds packets for nothing.
     */
    private RetransmissionBuffer retransmissions(AnswerPlan.Binding b, long ssrc) {
        if (services.retransmissions() == null || !b.feedback().contains("nack")) {
            return null;
        }
        return services.retransmissions().create(ssrc, description.tracks().get(b.track()).kind());
    }

    private void startStreaming(DtlsResult keys) {
        if (closed.get()) {
            return;
        }
        suite = services.suite(keys.profileId());
        remoteContexts = new RemoteContexts(suite, keys.remoteKey(), keys.remoteSalt());
        TrackSender[] built = new TrackSender[description.tracks().size()];
        for (int i = 0; i < plan.bindings().size(); i++) {
            AnswerPlan.Binding b = plan.bindings().get(i);
            built[b.track()] = new TrackSender(b.track(), b.payloadType(), ssrcs[i],
                    ThreadLocalRandom.current().nextInt(0x10000), suite.createContext(keys.localKey(), keys.localSalt()),
                    suite.overhead(), retransmissions(b, ssrcs[i]),
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
        LOG.info("WHEP session {} reads {} from {} ({}, {} track(s))", id, path, transport.remote(), suite.profile(),
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
            sender.send(unit.rtpPacket(i), transport.ice(), alloc);
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
                transport.send(out);
            } catch (SrtpException e) {
                out.release();
            }
        });
        loop.schedule(this::report, rtcpIntervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onSrtp(ByteBuf packet) {
        try {
            if (closed.get() || suite == null) {
                return;
            }
            int type = packet.readableBytes() >= 2 ? packet.getUnsignedByte(packet.readerIndex() + 1) : 0;
            if (type < 192 || type > 223) {
                counters.unexpectedRtp.increment(); // a WHEP peer only receives: RTP from it is dropped
                return;
            }
            if (!remoteContexts.unprotectRtcp(packet)) {
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

    @Override
    public void nack(long mediaSsrc, int sequenceNumber) {
        nacks++;
        counters.nacksReceived.increment();
        TrackSender sender = senderOf(mediaSsrc);
        if (sender != null && sender.resend(sequenceNumber, transport.ice(), alloc)) {
            counters.retransmitted.increment();
        }
    }

    @Override
    public void keyframeRequest(long mediaSsrc, boolean fir) {
        (fir ? counters.firsReceived : counters.plisReceived).increment();
        ReaderHandle h = handle;
        if (h != null) {
            h.requestKeyframe(); // a WHIP publisher passes it on; RTSP and RTMP ones cannot be asked
        }
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
        transport.close();
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

    @Override
    public ProtocolSession snapshot() {
        long sent = 0;
        TrackSender[] s = senders;
        if (s != null) {
            for (TrackSender t : s) {
                sent += t == null ? 0 : t.bytesSent;
            }
        }
        return new ProtocolSession(id, created, transport.remote(), handle == null ? "idle" : "read", path,
                transport.bytesReceived(), sent);
    }

    List<Long> ssrcs() {
        return java.util.Arrays.stream(ssrcs).boxed().toList();
    }
}
