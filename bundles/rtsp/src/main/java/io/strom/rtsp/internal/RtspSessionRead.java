package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Unit;
import io.strom.api.path.Reader;
import io.strom.api.path.ReaderHandle;
import io.strom.codec.RtcpPackets;
import io.strom.codec.RtpPackets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The reading half of an RTSP session (DESCRIBE, SETUP, PLAY): writes the RTP packets of each
 * unit to its {@link RtpOutput} as they are (the publisher's buffers, shared with every other
 * reader), and an RTCP sender report per track every second.
 *
 * <p>The stream core calls {@link #onUnit} on the output's event loop (this reader's executor),
 * so writes never cross threads. A reader starts on an H264 random-access point; when the socket
 * cannot take more, whole units are dropped and counted rather than queued.
 */
final class RtspSessionRead implements Reader {

    private final RtspSession session;
    final String path;
    final MediaDescription description;
    private final RtpOutput output;
    private final boolean[] setUp;
    private final int keyframeTrack;
    // Per track, for sender reports: what was sent, and the last packet's SSRC, timestamp and time.
    private final long[] packets;
    private final long[] octets;
    private final long[] lastSsrc;
    private final long[] lastTimestamp;
    private final long[] lastSentNanos;
    private boolean waitingForKeyframe;
    private volatile ReaderHandle handle;

    RtspSessionRead(RtspSession session, String path, MediaDescription description, RtpOutput output) {
        this.session = session;
        this.path = path;
        this.description = description;
        this.output = output;
        int n = description.tracks().size();
        this.setUp = new boolean[n];
        this.packets = new long[n];
        this.octets = new long[n];
        this.lastSsrc = new long[n];
        this.lastTimestamp = new long[n];
        this.lastSentNanos = new long[n];
        int keyframe = -1;
        for (int t = 0; t < n && keyframe < 0; t++) {
            var track = description.tracks().get(t);
            if (track.kind() == MediaKind.VIDEO && "H264".equals(track.format().codec())) {
                keyframe = t;
            }
        }
        this.keyframeTrack = keyframe;
    }

    RtpOutput output() {
        return output;
    }

    void setUp(int track) {
        setUp[track] = true;
    }

    void play(ReaderHandle handle) {
        this.handle = handle;
        output.loop().execute(() -> {
            waitingForKeyframe = keyframeTrack >= 0 && setUp[keyframeTrack];
            scheduleReport();
        });
    }

    boolean playing() {
        return handle != null;
    }

    /** Stops reading (PAUSE, TEARDOWN, connection closed); idempotent. */
    void stop() {
        ReaderHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
    }

    @Override
    public Executor executor() {
        return output.loop();
    }

    @Override
    public void onUnit(Unit unit) {
        int track = unit.track();
        if (handle == null || track >= setUp.length || !setUp[track]) {
            return;
        }
        if (waitingForKeyframe && track == keyframeTrack) {
            if (!unit.isRandomAccess()) {
                return;
            }
            waitingForKeyframe = false;
        }
        if (!output.isWritable()) {
            session.unitsDropped++;
            return;
        }
        int count = unit.rtpPacketCount();
        for (int i = 0; i < count; i++) {
            ByteBuf packet = unit.rtpPacket(i);
            int length = packet.readableBytes();
            output.writeRtp(track, packet.retainedDuplicate());
            packets[track]++;
            octets[track] += length - RtpPackets.HEADER_SIZE;
            session.bytesSent += length;
            if (i == count - 1) {
                lastSsrc[track] = RtpPackets.ssrc(packet);
                lastTimestamp[track] = RtpPackets.timestamp(packet);
                lastSentNanos[track] = System.nanoTime();
            }
        }
        output.flushLater();
    }

    private void scheduleReport() {
        if (handle != null) {
            output.loop().schedule(this::report, 1, TimeUnit.SECONDS);
        }
    }

    /** A sender report per track that has sent something: NTP now, and the RTP time it maps to. */
    private void report() {
        if (handle == null) {
            return;
        }
        long nowNanos = System.nanoTime();
        long ntp = RtcpPackets.ntpTime(System.currentTimeMillis());
        for (int t = 0; t < setUp.length; t++) {
            if (setUp[t] && packets[t] > 0) {
                long clockRate = description.tracks().get(t).format().clockRate();
                long rtpNow = lastTimestamp[t] + (nowNanos - lastSentNanos[t]) * clockRate / 1_000_000_000L;
                ByteBuf sr = session.alloc().buffer(RtcpPackets.SENDER_REPORT_SIZE);
                RtcpPackets.writeSenderReport(sr, lastSsrc[t], ntp, rtpNow, packets[t], octets[t]);
                output.writeRtcp(t, sr);
            }
        }
        output.flushLater();
        scheduleReport();
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
