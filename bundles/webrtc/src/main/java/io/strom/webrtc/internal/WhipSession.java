package io.strom.webrtc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceTransport;
import io.strom.api.media.MediaKind;
import io.strom.api.nack.NackGenerator;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.Publisher;
import io.strom.api.path.PublisherHandle;
import io.strom.api.protocol.ProtocolSession;
import io.strom.api.srtp.SrtpCipherSuite;
import io.strom.api.srtp.SrtpContext;
import io.strom.api.srtp.SrtpException;
import io.strom.codec.RtcpPackets;
import io.strom.codec.RtpIngest;
import io.strom.codec.RtpPackets;
import io.strom.webrtc.internal.dtls.DtlsResult;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WHIP publisher: ICE, then DTLS, then the browser's SRTP into the path through an
 * {@link RtpIngest}, so RTSP, RTMP, HLS and WHEP readers get it. Towards the publisher it acts as
 * a browser's receiver would: NACKs for lost video packets (from the NACK service's generator,
 * every {@value #NACK_INTERVAL_MILLIS} ms), receiver reports and a REMB every RTCP interval, and
 * a PLI when a reader needs a keyframe (at most one per second). Runs on one event loop after
 * set-up, like {@link WhepSession}.
 */
final class WhipSession implements Publisher, PeerTransport.Events, WebRtcSession {

    private static final Logger LOG = LoggerFactory.getLogger(WhipSession.class);
    static final long NACK_INTERVAL_MILLIS = 20;
    private static final long KEYFRAME_REQUEST_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** REMB: twice the rate that arrived in the last interval lets the sender ramp up, within these bounds. */
    private static final long REMB_FLOOR_BPS = 300_000;
    private static final long REMB_CEILING_BPS = 20_000_000;

    private final String id;
    private final String path;
    private final Instant created = Instant.now();
    private final WebRtcServer server;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final IngestPlan plan;
    private final SessionServices services;
    private final PeerTransport transport;
    private final RtpIngest ingest;
    private final WebRtcCounters counters;
    private final long rtcpIntervalMillis;
    private final long localSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
    /** Track of each payload type, -1 for none. */
    private final int[] trackOfPayloadType = new int[128];
    /** SSRC each track's packets came with, -1 until the first one. */
    private final long[] ssrcOfTrack;
    private final NackGenerator[] nackGenerators;
    private final int[] missing = new int[256];
    private final AtomicBoolean closed = new AtomicBoolean();
    private SrtpCipherSuite suite;
    private SrtpContext rtcpContext;
    private RemoteContexts remoteContexts;
    private volatile boolean publishing;
    private volatile long lastKeyframeRequest = System.nanoTime() - KEYFRAME_REQUEST_SPACING_NANOS;
    private long bytesAtLastReport;
    private long rtcpBytesSent;
    private volatile String closeReason;

    WhipSession(WebRtcServer server, String id, String path, IngestPlan plan, SessionServices services, EventLoop loop,
                WebRtcCounters counters) throws java.io.IOException {
        this.server = server;
        this.id = id;
        this.path = path;
        this.plan = plan;
        this.services = services;
        this.loop = loop;
        this.alloc = server.allocator();
        this.counters = counters;
        this.rtcpIntervalMillis = server.rtcpIntervalMillis();
        this.ingest = new RtpIngest(plan.description(), alloc);
        int tracks = plan.description().tracks().size();
        this.ssrcOfTrack = new long[tracks];
        this.nackGenerators = new NackGenerator[tracks];
        Arrays.fill(ssrcOfTrack, -1);
        Arrays.fill(trackOfPayloadType, -1);
        for (AnswerPlan.Binding b : plan.plan().bindings()) {
            trackOfPayloadType[b.payloadType()] = b.track();
        }
        this.transport = new PeerTransport(server, services, firstSection(), loop, counters, this);
    }

    private OfferSdp.Section firstSection() {
        return plan.plan().offer().sections().get(plan.plan().bindings().get(0).section());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String answer() {
        IceTransport ice = transport.ice();
        String answer = AnswerSdp.write(plan.plan(), ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                ice.localCredentials(), ice.localCandidates(), ice.isLite(), server.certificate().fingerprintSha256(), null);
        transport.start(firstSection());
        return answer;
    }

    @Override
    public void addRemoteCandidate(IceCandidate candidate) {
        transport.addRemoteCandidate(candidate);
    }

    // Transport ------------------------------------------------------------------------------

    @Override
    public void onKeys(DtlsResult keys) {
        if (closed.get()) {
            return;
        }
        suite = services.suite(keys.profileId());
        remoteContexts = new RemoteContexts(suite, keys.remoteKey(), keys.remoteSalt());
        rtcpContext = suite.createContext(keys.localKey(), keys.localSalt());
        PublisherHandle handle;
        try {
            handle = server.pathManager().addPublisher(new AddPublisherRequest(path, this, plan.description()));
        } catch (PathException e) {
            close("cannot publish to " + path + ": " + e.getMessage());
            return;
        }
        ingest.start(handle);
        publishing = true;
        LOG.info("WHIP session {} publishes {} from {} ({}, {})", id, path, transport.remote(), suite.profile(),
                plan.description().codecs());
        loop.schedule(this::report, rtcpIntervalMillis, TimeUnit.MILLISECONDS);
        loop.schedule(this::sendNacks, NACK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onEnded(String reason) {
        close(reason);
    }

    @Override
    public void onSrtp(ByteBuf packet) {
        if (closed.get() || suite == null || packet.readableBytes() < 12) {
            packet.release();
            return;
        }
        int second = packet.getUnsignedByte(packet.readerIndex() + 1);
        if (second >= 192 && second <= 223) {
            onSrtcp(packet);
            return;
        }
        long ssrc = RtpPackets.ssrc(packet);
        SrtpContext context = remoteContexts.of(ssrc);
        try {
            if (context == null) {
                throw new SrtpException("too many SSRCs");
            }
            context.unprotectRtp(packet);
        } catch (SrtpException e) {
            counters.srtpFailures.increment();
            packet.release();
            return;
        }
        int track = trackOfPayloadType[second & 0x7F];
        if (track < 0) {
            counters.unexpectedRtp.increment(); // a payload type the answer did not accept
            packet.release();
            return;
        }
        ssrcOfTrack[track] = ssrc;
        NackGenerator nacks = nackGeneratorOf(track, ssrc);
        if (nacks != null) {
            nacks.received(RtpPackets.sequenceNumber(packet));
        }
        ingest.onRtp(track, packet);
    }

    private NackGenerator nackGeneratorOf(int track, long ssrc) {
        if (nackGenerators[track] == null && services.nackGenerators() != null
                && plan.description().tracks().get(track).kind() == MediaKind.VIDEO) {
            nackGenerators[track] = services.nackGenerators().create(ssrc);
        }
        return nackGenerators[track];
    }

    private void onSrtcp(ByteBuf packet) {
        try {
            if (!remoteContexts.unprotectRtcp(packet)) {
                counters.srtcpFailures.increment();
                return;
            }
            long sender = packet.getUnsignedInt(packet.readerIndex() + 4);
            for (int t = 0; t < ssrcOfTrack.length; t++) {
                if (ssrcOfTrack[t] == sender) {
                    ingest.onRtcp(t, packet); // a sender report places the track on the time line
                }
            }
        } finally {
            packet.release();
        }
    }

    // Feedback to the publisher --------------------------------------------------------------

    /** Receiver reports for the tracks that have started, and a REMB for the video. */
    private void report() {
        if (closed.get()) {
            return;
        }
        ByteBuf out = alloc.directBuffer(256);
        long now = System.nanoTime();
        for (int t = 0; t < ssrcOfTrack.length; t++) {
            if (ingest.stats(t).started()) {
                RtcpPackets.writeReceiverReport(out, localSsrc, ingest.stats(t), now);
            }
        }
        long received = transport.bytesReceived();
        long bitsPerSecond = (received - bytesAtLastReport) * 8 * 1000 / rtcpIntervalMillis;
        bytesAtLastReport = received;
        long[] video = videoSsrcs();
        if (video.length > 0) {
            RtcpRequests.writeRemb(out, localSsrc, Math.min(REMB_CEILING_BPS, Math.max(REMB_FLOOR_BPS, 2 * bitsPerSecond)), video);
        }
        send(out);
        loop.schedule(this::report, rtcpIntervalMillis, TimeUnit.MILLISECONDS);
    }

    private long[] videoSsrcs() {
        return java.util.stream.IntStream.range(0, ssrcOfTrack.length)
                .filter(t -> ssrcOfTrack[t] >= 0 && plan.description().tracks().get(t).kind() == MediaKind.VIDEO)
                .mapToLong(t -> ssrcOfTrack[t]).toArray();
    }

    private void sendNacks() {
        if (closed.get()) {
            return;
        }
        for (int t = 0; t < nackGenerators.length; t++) {
            NackGenerator generator = nackGenerators[t];
            if (generator == null) {
                continue;
            }
            int[] count = {0};
            generator.missing(sequence -> {
                if (count[0] < missing.length) {
                    missing[count[0]++] = sequence;
                }
            });
            for (int done = 0; done < count[0]; ) {
                ByteBuf out = alloc.directBuffer(12 + 4 * RtcpRequests.MAX_NACK_ITEMS + 32);
                int[] rest = Arrays.copyOfRange(missing, done, count[0]);
                done += RtcpRequests.writeNack(out, localSsrc, ssrcOfTrack[t], rest, rest.length);
                counters.nacksSent.increment();
                send(out);
            }
        }
        loop.schedule(this::sendNacks, NACK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A reader needs a keyframe: a PLI for each video track, at most one per second. Any thread. */
    @Override
    public void requestKeyframe() {
        long now = System.nanoTime();
        if (!publishing || now - lastKeyframeRequest < KEYFRAME_REQUEST_SPACING_NANOS) {
            return;
        }
        lastKeyframeRequest = now;
        loop.execute(() -> {
            for (long ssrc : videoSsrcs()) {
                ByteBuf out = alloc.directBuffer(12 + 32);
                RtcpRequests.writePli(out, localSsrc, ssrc);
                counters.plisSent.increment();
                send(out);
            }
        });
    }

    /** Protects and sends an RTCP packet; on the loop; takes ownership. */
    private void send(ByteBuf rtcp) {
        if (closed.get() || rtcpContext == null || !rtcp.isReadable()) {
            rtcp.release();
            return;
        }
        try {
            rtcp.ensureWritable(suite.overhead());
            rtcpContext.protectRtcp(rtcp);
            rtcpBytesSent += rtcp.readableBytes();
            transport.send(rtcp);
        } catch (SrtpException e) {
            rtcp.release();
        }
    }

    // Lifecycle ------------------------------------------------------------------------------

    @Override
    public String type() {
        return "webRTCSession";
    }

    /** Ends the session (DELETE, kick, failure, replaced); idempotent, any thread. */
    @Override
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        publishing = false;
        server.removed(this);
        PublisherHandle h = ingest.stop();
        if (h != null) {
            h.close();
        }
        transport.close();
        try {
            loop.execute(this::closed);
        } catch (java.util.concurrent.RejectedExecutionException loopGone) {
            closed(); // the server is stopping: nothing else runs on the loop any more
        }
    }

    private void closed() {
        ingest.closeDepacketizers();
        LOG.info("WHIP session {} on {} closed: {} ({} bytes received)", id, path, closeReason, transport.bytesReceived());
    }

    @Override
    public ProtocolSession snapshot() {
        return new ProtocolSession(id, created, transport.remote(), publishing ? "publish" : "idle", path,
                transport.bytesReceived(), rtcpBytesSent);
    }
}
