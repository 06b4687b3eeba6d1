package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.MediaDescription;

/**
 * What one outgoing set of tracks has sent, per track, and the RTCP sender reports made of it
 * (RFC 3550 §6.4.1). Used by one thread.
 *
 * <p>The RTP time a report maps to "now" advances exactly with the wall clock from an anchor
 * taken at the track's first packet, not from the send time of the latest packet: send times
 * jitter with scheduling and queueing, and players that re-base timestamps on every report
 * (ffmpeg does) would see that jitter as timestamps going backwards. For the same reason the
 * anchor does not follow a source whose clock drifts from ours (an encoder falling behind real
 * time under load): it is taken again only when the SSRC changes or the stream's timestamps
 * leave it by more than {@value #REANCHOR_SECONDS} s (a new publisher or a restarted one).
 */
public final class SenderReports {

    public static final int REANCHOR_SECONDS = 10;

    /** Receives one sender report about {@code track}; takes ownership of {@code report}. */
    public interface Sink {
        void write(int track, ByteBuf report);
    }

    private final int[] clockRates;
    private final long[] packets;
    private final long[] octets;
    private final long[] lastSsrc;
    private final long[] lastTimestamp;
    private final long[] lastSentNanos;
    private final long[] anchorTimestamp;
    private final long[] anchorNanos;

    public SenderReports(MediaDescription description) {
        int n = description.tracks().size();
        clockRates = new int[n];
        for (int t = 0; t < n; t++) {
            clockRates[t] = description.tracks().get(t).format().clockRate();
        }
        packets = new long[n];
        octets = new long[n];
        lastSsrc = new long[n];
        lastTimestamp = new long[n];
        lastSentNanos = new long[n];
        anchorTimestamp = new long[n];
        anchorNanos = new long[n];
    }

    /** Counts one RTP packet of {@code track} that was sent. */
    public void sent(int track, ByteBuf packet) {
        if (packets[track] == 0 || RtpPackets.ssrc(packet) != lastSsrc[track]) {
            anchorTimestamp[track] = RtpPackets.timestamp(packet);
            anchorNanos[track] = System.nanoTime();
        }
        packets[track]++;
        octets[track] += packet.readableBytes() - RtpPackets.HEADER_SIZE;
        lastSsrc[track] = RtpPackets.ssrc(packet);
        lastTimestamp[track] = RtpPackets.timestamp(packet);
        lastSentNanos[track] = System.nanoTime();
    }

    /** Writes a sender report for each track that has sent something. */
    public void report(ByteBufAllocator alloc, Sink sink) {
        long nowNanos = System.nanoTime();
        long ntp = RtcpPackets.ntpTime(System.currentTimeMillis());
        for (int t = 0; t < packets.length; t++) {
            if (packets[t] > 0) {
                long rtpNow = anchorTimestamp[t] + (nowNanos - anchorNanos[t]) * clockRates[t] / 1_000_000_000L;
                long observed = lastTimestamp[t] + (nowNanos - lastSentNanos[t]) * clockRates[t] / 1_000_000_000L;
                if (Math.abs((long) (int) (observed - rtpNow)) > (long) REANCHOR_SECONDS * clockRates[t]) {
                    anchorTimestamp[t] = observed & 0xFFFFFFFFL;
                    anchorNanos[t] = nowNanos;
                    rtpNow = observed;
                }
                ByteBuf sr = alloc.buffer(RtcpPackets.SENDER_REPORT_SIZE);
                RtcpPackets.writeSenderReport(sr, lastSsrc[t], ntp, rtpNow, packets[t], octets[t]);
                sink.write(t, sr);
            }
        }
    }
}
