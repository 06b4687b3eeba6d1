package io.strom.srtp.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RtpHeaderTest {

    @Test
    void payloadFollowsCsrcsAndExtension() throws Exception {
        byte[] p = Packets.rtp(1, 2, 10);
        assertEquals(Packets.RTP_HEADER, RtpHeader.payloadOffset(p, 0, p.length));
        assertEquals(5 + Packets.RTP_HEADER, RtpHeader.payloadOffset(concat(new byte[5], p), 5, p.length));
    }

    @Test
    void plainHeaderIsTwelveBytes() throws Exception {
        byte[] p = Packets.hex("8060 0001 00000000 00000001 ff");
        assertEquals(12, RtpHeader.payloadOffset(p, 0, p.length));
    }

    @Test
    void malformedHeadersAreRejected() {
        byte[] p = Packets.rtp(1, 2, 0);
        assertThrows(PacketRejected.class, () -> RtpHeader.payloadOffset(p, 0, 11));
        assertThrows(PacketRejected.class, () -> RtpHeader.payloadOffset(p, 0, 21), "extension header cut");
        assertThrows(PacketRejected.class, () -> RtpHeader.payloadOffset(p, 0, Packets.RTP_HEADER - 1));
        byte[] v1 = p.clone();
        v1[0] = 0x40;
        assertThrows(PacketRejected.class, () -> RtpHeader.payloadOffset(v1, 0, v1.length));
        byte[] longExt = p.clone();
        longExt[22] = 0x7f;
        assertThrows(PacketRejected.class, () -> RtpHeader.payloadOffset(longExt, 0, longExt.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
