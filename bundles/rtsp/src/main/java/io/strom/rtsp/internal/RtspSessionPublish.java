package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.path.Publisher;
import io.strom.api.path.PublisherHandle;
import io.strom.codec.RtcpPackets;
import io.strom.codec.RtpIngest;
import io.strom.codec.SdpDescription;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The publishing half of an RTSP session (ANNOUNCE, SETUP, RECORD): the client's RTP packets,
 * over the connection or over UDP, go into the path through an {@link RtpIngest} (one unit per
 * packet for RTP readers, access units on a common time line for remuxing readers), and the
 * client gets an RTCP receiver report per track every second.
 *
 * <p>Runs on its input's event loop (the connection's for TCP, the UDP listener's for UDP). A
 * packet that is not RTP, or arrives before RECORD, is counted and dropped.
 */
final class RtspSessionPublish implements Publisher {

    private final RtspSession session;
    final SdpDescription announced;
    private final RtpIngest ingest;
    private final boolean[] setUp;
    private final long ssrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private RtpOutput output;

    RtspSessionPublish(RtspSession session, SdpDescription announced) {
        this.session = session;
        this.announced = announced;
        this.ingest = new RtpIngest(announced.description(), session.alloc());
        this.setUp = new boolean[announced.description().tracks().size()];
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
        ingest.start(handle);
        output.loop().execute(this::scheduleReport);
    }

    /** An RTP packet of {@code track}; takes ownership of it. */
    void onRtp(int track, ByteBuf packet) {
        session.bytesReceived += packet.readableBytes();
        session.touchData();
        if (!ingest.onRtp(track, packet)) {
            session.packetsDropped++;
        }
    }

    /** An RTCP packet about {@code track}; takes ownership of it. */
    void onRtcp(int track, ByteBuf packet) {
        session.bytesReceived += packet.readableBytes();
        session.touchActivity();
        ingest.onRtcp(track, packet);
        packet.release();
    }

    private void scheduleReport() {
        if (ingest.started()) {
            output.loop().schedule(this::report, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private void report() {
        if (!ingest.started()) {
            return;
        }
        long now = System.nanoTime();
        for (int t = 0; t < setUp.length; t++) {
            if (setUp[t] && ingest.stats(t).started()) {
                ByteBuf rr = session.alloc().buffer(RtcpPackets.RECEIVER_REPORT_SIZE);
                RtcpPackets.writeReceiverReport(rr, ssrc, ingest.stats(t), now);
                output.writeRtcp(t, rr);
            }
        }
        output.flushLater();
        scheduleReport();
    }

    /** Leaves the path, then frees partly assembled access units on the input's loop; idempotent. */
    void end() {
        PublisherHandle h = ingest.stop();
        if (h != null) {
            h.close();
        }
        if (output == null || output.loop().inEventLoop()) {
            ingest.closeDepacketizers();
        } else {
            output.loop().execute(ingest::closeDepacketizers);
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
