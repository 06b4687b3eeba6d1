package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.Track;
import io.strom.api.media.Unit;
import io.strom.api.path.PublisherHandle;
import java.util.List;

/**
 * The receiving half of a publisher whose source is RTP (RTSP RECORD, WHIP): every RTP packet
 * becomes one {@link Unit} that takes the packet's buffer (no copy), for RTP readers. While a
 * reader that remuxes (RTMP, HLS) is attached, each packet also goes through its track's
 * depacketizer, and every access unit it completes is written as a unit of its own (no RTP
 * packets; timestamps unwrapped to 64 bits on a time line common to all tracks, see
 * {@link PublishTimeline}): the stream is depacketized once whatever the number of readers, and
 * not at all while none of them is attached. It keeps reception statistics per track for the
 * publisher's receiver reports.
 *
 * <p>Packets and reports are handled on the publisher's input thread; {@link #start} and
 * {@link #stop} may come from another.
 */
public final class RtpIngest {

    private final String[] codecs;
    private final RtpReceiverStats[] stats;
    private final RtpDepacketizer[] depacketizers;
    private final TimestampUnwrapper[] unwrappers;
    private final int[] clockRates;
    private final AccessUnitSink accessUnits = this::onAccessUnit;
    private int depacketizingTrack;
    private volatile PublishTimeline timeline;
    private volatile PublisherHandle handle;

    public RtpIngest(MediaDescription description, ByteBufAllocator allocator) {
        List<Track> tracks = description.tracks();
        int n = tracks.size();
        codecs = new String[n];
        stats = new RtpReceiverStats[n];
        depacketizers = new RtpDepacketizer[n];
        unwrappers = new TimestampUnwrapper[n];
        clockRates = new int[n];
        for (int i = 0; i < n; i++) {
            codecs[i] = tracks.get(i).format().codec();
            stats[i] = new RtpReceiverStats(tracks.get(i).format().clockRate());
            depacketizers[i] = RtpFormats.depacketizer(tracks.get(i).format(), allocator).orElse(null);
            unwrappers[i] = new TimestampUnwrapper();
            clockRates[i] = tracks.get(i).format().clockRate();
        }
    }

    /** Starts writing into {@code handle}; packets before this are dropped. */
    public void start(PublisherHandle handle) {
        this.timeline = new PublishTimeline(clockRates, System.nanoTime());
        this.handle = handle;
    }

    /** Whether {@link #start} was called and {@link #stop} was not. */
    public boolean started() {
        return handle != null;
    }

    /**
     * An RTP packet of {@code track}; takes ownership of it.
     *
     * @return false when it was dropped: not started yet, or not an RTP packet
     */
    public boolean onRtp(int track, ByteBuf packet) {
        PublisherHandle h = handle;
        int offset = RtpPackets.payloadOffset(packet);
        if (h == null || offset < 0) {
            packet.release();
            return false;
        }
        long ts = RtpPackets.timestamp(packet);
        stats[track].onPacket(RtpPackets.sequenceNumber(packet), ts, RtpPackets.ssrc(packet), System.nanoTime());
        boolean randomAccess = RandomAccessPoints.isRandomAccess(codecs[track], packet, packet.readerIndex() + offset,
                RtpPackets.payloadLength(packet));
        RtpDepacketizer depacketizer = depacketizers[track];
        if (depacketizer == null || !h.hasAccessUnitReaders()) {
            h.write(Unit.newUnit(track, ts, ts, randomAccess).addRtpPacket(packet));
            return true;
        }
        packet.retain(); // the depacketizer reads it after the stream may have released it
        try {
            h.write(Unit.newUnit(track, ts, ts, randomAccess).addRtpPacket(packet));
            depacketizingTrack = track;
            depacketizer.depacketize(packet, accessUnits);
        } finally {
            packet.release();
        }
        return true;
    }

    /** An access unit the depacketizer completed; written as a unit without RTP packets. */
    private void onAccessUnit(ByteBuf accessUnit, long rtpTimestamp, boolean randomAccess) {
        PublisherHandle h = handle;
        PublishTimeline t = timeline;
        if (h == null || t == null) {
            accessUnit.release();
            return;
        }
        int track = depacketizingTrack;
        long pts = t.pts(track, unwrappers[track].unwrap(rtpTimestamp), System.nanoTime());
        if (pts == PublishTimeline.WAIT) {
            accessUnit.release();
            return;
        }
        // Without B-frames decoding order is presentation order; RTP carries no DTS.
        h.write(Unit.newUnit(track, pts, pts, randomAccess).setAccessUnit(accessUnit).setDerived());
    }

    /** An RTCP packet about {@code track}: a sender report feeds the statistics and the time line. Does not release it. */
    public void onRtcp(int track, ByteBuf packet) {
        long ntp = RtcpPackets.senderReportNtp(packet);
        if (ntp != -1) {
            stats[track].onSenderReport((ntp >>> 16) & 0xFFFFFFFFL, System.nanoTime());
            PublishTimeline t = timeline;
            if (t != null) {
                t.onSenderReport(track, ntp, RtcpPackets.senderReportRtpTimestamp(packet));
            }
        }
    }

    /** The reception statistics of {@code track}. */
    public RtpReceiverStats stats(int track) {
        return stats[track];
    }

    /** Stops writing; returns the handle it wrote into (for the caller to close), or null. Idempotent. */
    public PublisherHandle stop() {
        PublisherHandle h = handle;
        handle = null;
        return h;
    }

    /** Frees partly assembled access units; on the input thread, after {@link #stop}. */
    public void closeDepacketizers() {
        for (RtpDepacketizer d : depacketizers) {
            if (d != null) {
                d.close();
            }
        }
    }
}
