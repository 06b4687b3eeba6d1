package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtcpPacketsTest {

    @Test
    void senderReportRoundTripsItsNtpMiddle() {
        ByteBuf sr = Unpooled.buffer();
        long ntp = RtcpPackets.ntpTime(1_700_000_000_500L);
        RtcpPackets.writeSenderReport(sr, 0x11223344L, ntp, 90000, 10, 1000);
        assertEquals(RtcpPackets.SENDER_REPORT_SIZE, sr.readableBytes());
        assertTrue(RtcpPackets.isRtcp(sr));
        assertEquals((ntp >>> 16) & 0xFFFFFFFFL, RtcpPackets.senderReportNtpMiddle(sr));
        assertEquals(0x11223344L, sr.getUnsignedInt(4));
        assertEquals(6, sr.getUnsignedShort(2), "length in words minus one");
        sr.release();
    }

    @Test
    void ntpTimeCountsFrom1900WithAFraction() {
        long ntp = RtcpPackets.ntpTime(500); // 1970-01-01T00:00:00.5Z
        assertEquals(2_208_988_800L, ntp >>> 32);
        assertEquals(1L << 31, ntp & 0xFFFFFFFFL);
    }

    @Test
    void rtpIsNotRtcpAndGarbageHasNoSenderReport() {
        ByteBuf rtp = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1});
        assertFalse(RtcpPackets.isRtcp(rtp));
        assertEquals(-1, RtcpPackets.senderReportNtpMiddle(rtp));
        assertEquals(-1, RtcpPackets.senderReportNtpMiddle(Unpooled.wrappedBuffer(new byte[3])));
    }

    @Test
    void receiverReportCountsLossJitterAndDelaySinceTheLastSenderReport() {
        RtpReceiverStats stats = new RtpReceiverStats(90000);
        long t0 = 1_000_000_000L;
        for (int seq = 65530; seq < 65540; seq++) {
            if (seq == 65533 || seq == 65534) {
                continue; // two lost, across the wrap
            }
            stats.onPacket(seq & 0xFFFF, 3000L * (seq - 65530), 0xABCDL, t0 + 33_333_333L * (seq - 65530));
        }
        stats.onSenderReport(0x12345678L, t0);
        ByteBuf rr = Unpooled.buffer();
        RtcpPackets.writeReceiverReport(rr, 1, stats, t0 + 500_000_000L);
        assertEquals(RtcpPackets.RECEIVER_REPORT_SIZE, rr.readableBytes());
        assertEquals(RtcpPackets.RR, rr.getUnsignedByte(1));
        assertEquals(0xABCDL, rr.getUnsignedInt(8), "about the source's SSRC");
        assertEquals(2 * 256 / 10, rr.getUnsignedByte(12), "fraction lost: 2 of 10");
        assertEquals(2, rr.getUnsignedMedium(13), "cumulative lost");
        assertEquals(65536 + 3, rr.getUnsignedInt(16), "extended highest sequence, one cycle");
        assertTrue(rr.getUnsignedInt(20) <= 1, "no jitter on a regular clock");
        assertEquals(0x12345678L, rr.getUnsignedInt(24), "last SR");
        assertEquals(32768, rr.getUnsignedInt(28), "0.5 s since it, in 1/65536 s");
        rr.release();
    }
}
