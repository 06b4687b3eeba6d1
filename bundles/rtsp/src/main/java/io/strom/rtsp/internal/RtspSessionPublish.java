package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Unit;
import io.strom.api.path.Publisher;
import io.strom.api.path.PublisherHandle;
import io.strom.codec.AccessUnitSink;
import io.strom.codec.RandomAccessPoints;
import io.strom.codec.RtpDepacketizer;
import io.strom.codec.RtpFormats;
import io.strom.codec.TimestampUnwrapper;
import io.strom.codec.RtcpPackets;
import io.strom.codec.RtpPackets;
import io.strom.codec.RtpReceiverStats;
import io.strom.codec.SdpDescription;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The publishing half of an RTSP session (ANNOUNCE, SETUP, RECORD): every RTP packet the client
 * sends, over the connection or over UDP, becomes one {@link Unit} that takes the packet's
 * buffer (no copy), for RTP readers. Each packet also goes through its track's depacketizer,
 * and every access unit it completes is written as a unit of its own (no RTP packets; timestamps
 * unwrapped to 64 bits on a time line common to all tracks, see {@link PublishTimeline}), for readers that remux (RTMP, HLS): the stream is
 * depacketized once, whatever the number of readers, and not at all while none of them is
 * attached. It keeps reception statistics per track
 * and sends the client an RTCP receiver report per track every second.
 *
 * <p>Runs on its input's event loop (the connection's for TCP, the UDP listener's for UDP). A
 * packet that is not RTP, or arrives before RECORD, is counted and dropped.
 */
final class RtspSessionPublish implements Publisher {

    private final RtspSession session;
    final SdpDescription announced;
    private final String[] codecs;
    private final RtpReceiverStats[] stats;
    private final RtpDepacketizer[] depacketizers;
    private final TimestampUnwrapper[] unwrappers;
    private final AccessUnitSink accessUnits = this::onAccessUnit;
    private int depacketizingTrack;
    private final int[] clockRates;
    private volatile PublishTimeline timeline;
    private final boolean[] setUp;
    private final long ssrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private RtpOutput output;
    private volatile PublisherHandle handle;

    RtspSessionPublish(RtspSession session, SdpDescription announced) {
        this.session = session;
        this.announced = announced;
        var tracks = announced.description().tracks();
        this.codecs = new String[tracks.size()];
        this.stats = new RtpReceiverStats[tracks.size()];
        this.depacketizers = new RtpDepacketizer[tracks.size()];
        this.unwrappers = new TimestampUnwrapper[tracks.size()];
        this.clockRates = new int[tracks.size()];
        this.setUp = new boolean[tracks.size()];
        for (int i = 0; i < tracks.size(); i++) {
            codecs[i] = tracks.get(i).format().codec();
            stats[i] = new RtpReceiverStats(tracks.get(i).format().clockRate());
            depacketizers[i] = RtpFormats.depacketizer(tracks.get(i).format(), session.alloc()).orElse(null);
            unwrappers[i] = new TimestampUnwrapper();
            clockRates[i] = tracks.get(i).format().clockRate();
        }
    }

    int trackCount() {
        return setUp.length;
    }

    void setUp(int track, RtpOutput output) {
        this.output = output;
        setUp[track] = true;
    }

    boolean anySetUp() {
        for (boolean b : setUp) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    void record(PublisherHandle handle) {
        this.timeline = new PublishTimeline(clockRates, System.nanoTime());
        this.handle = handle;
        output.loop().execute(this::scheduleReport);
    }

    /** An RTP packet of {@code track}; takes ownership of it. */
    void onRtp(int track, ByteBuf packet) {
        session.bytesReceived += packet.readableBytes();
        session.touchData();
        PublisherHandle h = handle;
        int offset = RtpPackets.payloadOffset(packet);
        if (h == null || offset < 0) {
            session.packetsDropped++;
            packet.release();
            return;
        }
        long ts = RtpPackets.timestamp(packet);
        stats[track].onPacket(RtpPackets.sequenceNumber(packet), ts, RtpPackets.ssrc(packet), System.nanoTime());
        boolean randomAccess = RandomAccessPoints.isRandomAccess(codecs[track], packet, packet.readerIndex() + offset,
                RtpPackets.payloadLength(packet));
        RtpDepacketizer depacketizer = depacketizers[track];
        if (depacketizer == null || !h.hasAccessUnitReaders()) {
            h.write(Unit.newUnit(track, ts, ts, randomAccess).addRtpPacket(packet));
            return;
        }
        packet.retain(); // the depacketizer reads it after the stream may have released it
        try {
            h.write(Unit.newUnit(track, ts, ts, randomAccess).addRtpPacket(packet));
            depacketizingTrack = track;
            depacketizer.depacketize(packet, accessUnits);
        } finally {
            packet.release();
        }
    }

    /** An access unit the depacketizer completed; written as a unit without RTP packets. */
    private void onAccessUnit(ByteBuf accessUnit, long rtpTimestamp, boolean randomAccess) {
        PublisherHandle h = handle;
        if (h == null) {
            accessUnit.release();
            return;
        }
        int t = depacketizingTrack;
        long pts = timeline.pts(t, unwrappers[t].unwrap(rtpTimestamp), System.nanoTime());
        if (pts == PublishTimeline.WAIT) {
            accessUnit.release();
            return;
        }
        // Without B-frames decoding order is presentation order; RTP carries no DTS.
        h.write(Unit.newUnit(depacketizingTrack, pts, pts, randomAccess).setAccessUnit(accessUnit).setDerived());
    }

    /** An RTCP packet about {@code track}; takes ownership of it. */
    void onRtcp(int track, ByteBuf packet) {
        session.bytesReceived += packet.readableBytes();
        session.touchActivity();
        long ntp = RtcpPackets.senderReportNtp(packet);
        if (ntp != -1) {
            stats[track].onSenderReport((ntp >>> 16) & 0xFFFFFFFFL, System.nanoTime());
            if (timeline != null) {
                timeline.onSenderReport(track, ntp, RtcpPackets.senderReportRtpTimestamp(packet));
            }
        }
        packet.release();
    }

    private void scheduleReport() {
        if (handle != null) {
            output.loop().schedule(this::report, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private void report() {
        if (handle == null) {
            return;
        }
        long now = System.nanoTime();
        for (int t = 0; t < stats.length; t++) {
            if (setUp[t] && stats[t].started()) {
                ByteBuf rr = session.alloc().buffer(RtcpPackets.RECEIVER_REPORT_SIZE);
                RtcpPackets.writeReceiverReport(rr, ssrc, stats[t], now);
                output.writeRtcp(t, rr);
            }
        }
        output.flushLater();
        scheduleReport();
    }

    /** Leaves the path, then frees partly assembled access units on the input's loop; idempotent. */
    void end() {
        PublisherHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
        Runnable closeDepacketizers = () -> {
            for (RtpDepacketizer d : depacketizers) {
                if (d != null) {
                    d.close();
                }
            }
        };
        if (output == null || output.loop().inEventLoop()) {
            closeDepacketizers.run();
        } else {
            output.loop().execute(closeDepacketizers);
        }
    }

    @Override
    public String type() {
        return session.type();
    }

    @Override
    public String id() {
        return session.id;
    }

    @Override
    public void close(String reason) {
        session.close(reason);
    }
}
