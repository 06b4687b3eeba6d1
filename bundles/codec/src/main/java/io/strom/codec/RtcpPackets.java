package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Writes and reads the RTCP packets a media server exchanges (RFC 3550 §6.4): sender reports
 * to readers and receiver reports to publishers; reads the NTP time of a publisher's sender
 * reports. Everything works on buffers in place.
 */
public final class RtcpPackets {

    public static final int SR = 200;
    public static final int RR = 201;
    /** Size of a sender report without report blocks. */
    public static final int SENDER_REPORT_SIZE = 28;
    /** Size of a receiver report with one report block. */
    public static final int RECEIVER_REPORT_SIZE = 32;

    private static final long NTP_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private RtcpPackets() {
    }

    /** The 64-bit NTP timestamp (RFC 5905) of a wall-clock time in milliseconds since 1970. */
    public static long ntpTime(long epochMillis) {
        long seconds = epochMillis / 1000 + NTP_EPOCH_OFFSET_SECONDS;
        long fraction = ((epochMillis % 1000) << 32) / 1000;
        return seconds << 32 | fraction;
    }

    /** Writes a sender report with no report blocks. */
    public static void writeSenderReport(ByteBuf out, long ssrc, long ntpTime, long rtpTimestamp,
                                         long packetCount, long octetCount) {
        out.writeByte(0x80);
        out.writeByte(SR);
        out.writeShort(SENDER_REPORT_SIZE / 4 - 1);
        out.writeInt((int) ssrc);
        out.writeLong(ntpTime);
        out.writeInt((int) rtpTimestamp);
        out.writeInt((int) packetCount);
        out.writeInt((int) octetCount);
    }

    /** Writes a receiver report from {@code ssrc} with one block about {@code stats}' source. */
    public static void writeReceiverReport(ByteBuf out, long ssrc, RtpReceiverStats stats, long nowNanos) {
        out.writeByte(0x81);
        out.writeByte(RR);
        out.writeShort(RECEIVER_REPORT_SIZE / 4 - 1);
        out.writeInt((int) ssrc);
        stats.writeReportBlock(out, nowNanos);
    }

    /**
     * The middle 32 bits of the NTP timestamp of the first sender report in a compound RTCP
     * packet, or -1 when it does not start with a well-formed sender report.
     */
    public static long senderReportNtpMiddle(ByteBuf packet) {
        int start = packet.readerIndex();
        if (packet.readableBytes() < SENDER_REPORT_SIZE || (packet.getByte(start) & 0xC0) != 0x80
                || packet.getUnsignedByte(start + 1) != SR) {
            return -1;
        }
        return packet.getUnsignedInt(start + 10); // NTP time is bytes 8..15; its middle is 10..13
    }

    /**
     * The 64-bit NTP timestamp of the first sender report in a compound RTCP packet, or -1 when
     * it does not start with a well-formed sender report.
     */
    public static long senderReportNtp(ByteBuf packet) {
        return senderReportNtpMiddle(packet) < 0 ? -1 : packet.getLong(packet.readerIndex() + 8);
    }

    /** The RTP timestamp of a sender report {@link #senderReportNtp} accepted. */
    public static long senderReportRtpTimestamp(ByteBuf packet) {
        return packet.getUnsignedInt(packet.readerIndex() + 16);
    }

    /** Whether a datagram looks like RTCP (version 2, packet type 192..223): not RTP. */
    public static boolean isRtcp(ByteBuf packet) {
        if (packet.readableBytes() < 8 || (packet.getByte(packet.readerIndex()) & 0xC0) != 0x80) {
            return false;
        }
        int type = packet.getUnsignedByte(packet.readerIndex() + 1);
        return type >= 192 && type <= 223;
    }
}
