package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpPacketsTest {

    static ByteBuf rtp(int pt, int seq, long ts, boolean marker, byte... payload) {
        return Unpooled.buffer().writeByte(0x80).writeByte((marker ? 0x80 : 0) | pt).writeShort(seq)
                .writeInt((int) ts).writeInt(0x11223344).writeBytes(payload);
    }

    @Test
    void readsTheFixedHeader() {
        ByteBuf p = rtp(96, 65535, 0xFFFFFFF0L, true, (byte) 0x65, (byte) 1);
        assertEquals(12, RtpPackets.payloadOffset(p));
        assertEquals(2, RtpPackets.payloadLength(p));
        assertEquals(96, RtpPackets.payloadType(p));
        assertEquals(65535, RtpPackets.sequenceNumber(p));
        assertEquals(0xFFFFFFF0L, RtpPackets.timestamp(p));
        assertEquals(0x11223344L, RtpPackets.ssrc(p));
        assertTrue(RtpPackets.marker(p));
    }

    @Test
    void skipsCsrcsAndExtensionsAndHonoursPadding() {
        ByteBuf p = Unpooled.buffer().writeByte(0x80 | 0x10 | 0x20 | 1).writeByte(96).writeShort(1).writeInt(0).writeInt(0)
                .writeInt(0xCAFE) // one CSRC
                .writeShort(0xBEDE).writeShort(1).writeInt(0) // one extension word
                .writeByte(0x41).writeByte(0).writeByte(0).writeByte(3); // payload 1 byte + 3 padding
        assertEquals(24, RtpPackets.payloadOffset(p));
        assertEquals(1, RtpPackets.payloadLength(p));
    }

    @Test
    void malformedPacketsAreRefusedNotThrown() {
        assertEquals(-1, RtpPackets.payloadOffset(Unpooled.wrappedBuffer(new byte[11])));
        assertEquals(-1, RtpPackets.payloadOffset(Unpooled.buffer().writeByte(0x40).writeZero(11)), "version 1");
        assertEquals(-1, RtpPackets.payloadOffset(Unpooled.buffer().writeByte(0x8F).writeZero(11)), "15 CSRCs missing");
        assertEquals(-1, RtpPackets.payloadOffset(Unpooled.buffer().writeByte(0x90).writeZero(11)), "extension missing");
        ByteBuf badPadding = Unpooled.buffer().writeByte(0xA0).writeZero(11).writeByte(0).writeByte(200);
        assertEquals(-1, RtpPackets.payloadOffset(badPadding));
        assertFalse(RtpPackets.payloadOffset(rtp(0, 0, 0, false)) < 0, "an empty payload is still RTP");
    }
}
