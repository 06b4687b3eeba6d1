package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.MediaDescription;
import io.strom.codec.RtcpPackets;
import io.strom.codec.RtpPackets;

/**
 * What one outgoing set of tracks has sent, per track, and the RTCP sender reports made of it
 * (RFC 3550 §6.4.1): packet and payload-octet counts, and the SSRC, RTP time and wall time of
 * the last packet, from which the RTP time of "now" is extrapolated. Used by one thread.
 */
final class SenderReports {

    /** Receives one sender report about {@code track}; takes ownership of {@code report}. */
    interface Sink {
        void write(int track, ByteBuf report);
    }

    private final int[] clockRates;
    private final long[] packets;
    private final long[] octets;
    private final long[] lastSsrc;
    private final long[] lastTimestamp;
    private final long[] lastSentNanos;

    SenderReports(MediaDescription description) {
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
    }

    /** Counts one RTP packet of {@code track} that was sent. */
    void sent(int track, ByteBuf packet) {
        packets[track]++;
        octets[track] += packet.readableBytes() - RtpPackets.HEADER_SIZE;
        lastSsrc[track] = RtpPackets.ssrc(packet);
        lastTimestamp[track] = RtpPackets.timestamp(packet);
        lastSentNanos[track] = System.nanoTime();
    }

    /** Writes a sender report for each track that has sent something. */
    void report(ByteBufAllocator alloc, Sink sink) {
        long nowNanos = System.nanoTime();
        long ntp = RtcpPackets.ntpTime(System.currentTimeMillis());
        for (int t = 0; t < packets.length; t++) {
            if (packets[t] > 0) {
                long rtpNow = lastTimestamp[t] + (nowNanos - lastSentNanos[t]) * clockRates[t] / 1_000_000_000L;
                ByteBuf sr = alloc.buffer(RtcpPackets.SENDER_REPORT_SIZE);
                RtcpPackets.writeSenderReport(sr, lastSsrc[t], ntp, rtpNow, packets[t], octets[t]);
                sink.write(t, sr);
            }
        }
    }
}
