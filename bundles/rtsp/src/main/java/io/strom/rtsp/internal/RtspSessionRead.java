package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.Unit;
import io.strom.api.path.Reader;
import io.strom.api.path.ReaderHandle;
import io.strom.codec.KeyframeGate;
import io.strom.codec.RtpPackets;
import io.strom.codec.SenderReports;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The reading half of an RTSP session (DESCRIBE, SETUP, PLAY): writes the RTP packets of each
 * unit to its {@link RtpOutput} as they are (the publisher's buffers, shared with every other
 * reader), and an RTCP sender report per track every second.
 *
 * <p>The stream core calls {@link #onUnit} on the output's event loop (this reader's executor),
 * so writes never cross threads; a video frame goes out in one write. A reader starts on a video keyframe; when the socket
 * cannot take more, whole units are dropped and counted rather than queued.
 */
final class RtspSessionRead implements Reader {

    /** Packets held for one write at most, for sources that never set the marker bit. */
    private static final int MAX_UNFLUSHED = 64;

    private final RtspSession session;
    final String path;
    final MediaDescription description;
    private final RtpOutput output;
    private final boolean[] setUp;
    private final boolean[] video;
    private int unflushedPackets;
    private final KeyframeGate gate;
    private final SenderReports reports;
    private volatile ReaderHandle handle;

    RtspSessionRead(RtspSession session, String path, MediaDescription description, RtpOutput output) {
        this.session = session;
        this.path = path;
        this.description = description;
        this.output = output;
        int n = description.tracks().size();
        this.setUp = new boolean[n];
        this.video = new boolean[n];
        for (int t = 0; t < n; t++) {
            video[t] = description.tracks().get(t).kind() == io.strom.api.media.MediaKind.VIDEO;
        }
        this.gate = new KeyframeGate(description);
        this.reports = new SenderReports(description);
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
            gate.arm(gate.keyframeTrack() >= 0 && setUp[gate.keyframeTrack()]);
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
    public boolean readsAccessUnits() {
        return false;
    }

    @Override
    public Executor executor() {
        return output.loop();
    }

    @Override
    public void onUnit(Unit unit) {
        int track = unit.track();
        if (unit.rtpPacketCount() == 0 || handle == null || track >= setUp.length || !setUp[track]) {
            return;
        }
        if (!gate.pass(unit)) {
            return;
        }
        if (!output.isWritable()) {
            session.unitsDropped++;
            return;
        }
        int count = unit.rtpPacketCount();
        for (int i = 0; i < count; i++) {
            ByteBuf packet = unit.rtpPacket(i);
            session.bytesSent += packet.readableBytes();
            reports.sent(track, packet);
            output.writeRtp(track, packet.retainedDuplicate());
        }
        // A video frame's packets arrive back to back: send them in one write when its last
        // packet (the marker) is queued, instead of one write per packet. Audio goes at once,
        // and takes with it anything held (a frame whose marker was lost waits one audio packet).
        unflushedPackets += count;
        if (!video[track] || RtpPackets.marker(unit.rtpPacket(count - 1)) || unflushedPackets >= MAX_UNFLUSHED) {
            unflushedPackets = 0;
            output.flushLater();
        }
    }

    private void scheduleReport() {
        if (handle != null) {
            output.loop().schedule(this::report, 1, TimeUnit.SECONDS);
        }
    }

    private void report() {
        if (handle == null) {
            return;
        }
        reports.report(session.alloc(), output::writeRtcp);
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
