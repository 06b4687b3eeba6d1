package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Unit;
import io.strom.api.path.Publisher;
import io.strom.api.path.PublisherHandle;
import io.strom.codec.RandomAccessPoints;
import io.strom.codec.RtcpPackets;
import io.strom.codec.RtpPackets;
import io.strom.codec.RtpReceiverStats;
import io.strom.codec.SdpDescription;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The publishing half of an RTSP session (ANNOUNCE, SETUP, RECORD): every RTP packet the client
 * sends, over the connection or over UDP, becomes one {@link Unit} that takes the packet's
 * buffer (no copy). It keeps reception statistics per track and sends the client an RTCP
 * receiver report per track every second.
 *
 * <p>Runs on its input's event loop (the connection's for TCP, the UDP listener's for UDP). A
 * packet that is not RTP, or arrives before RECORD, is counted and dropped.
 */
final class RtspSessionPublish implements Publisher {

    private final RtspSession session;
    final SdpDescription announced;
    private final String[] codecs;
    private final RtpReceiverStats[] stats;
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
        this.setUp = new boolean[tracks.size()];
        for (int i = 0; i < tracks.size(); i++) {
            codecs[i] = tracks.get(i).format().codec();
            stats[i] = new RtpReceiverStats(tracks.get(i).format().clockRate());
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
        h.write(Unit.newUnit(track, ts, ts, randomAccess).addRtpPacket(packet));
    }

    /** An RTCP packet about {@code track}; takes ownership of it. */
    void onRtcp(int track, ByteBuf packet) {
        session.bytesReceived += packet.readableBytes();
        session.touchActivity();
        long ntpMiddle = RtcpPackets.senderReportNtpMiddle(packet);
        if (ntpMiddle >= 0) {
            stats[track].onSenderReport(ntpMiddle, System.nanoTime());
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

    /** Leaves the path; idempotent. */
    void end() {
        PublisherHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
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
