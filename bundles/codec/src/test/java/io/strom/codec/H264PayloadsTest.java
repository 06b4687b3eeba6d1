package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class H264PayloadsTest {

    private static boolean ra(int... bytes) {
        ByteBuf b = Unpooled.buffer();
        for (int x : bytes) {
            b.writeByte(x);
        }
        return H264Payloads.isRandomAccess(b, 0, b.readableBytes());
    }

    @Test
    void singleNalUnits() {
        assertTrue(ra(0x65, 0x88), "IDR");
        assertTrue(ra(0x67, 0x42), "SPS");
        assertFalse(ra(0x68, 0xCE), "PPS alone");
        assertFalse(ra(0x41, 0x9A), "non-IDR slice");
        assertFalse(ra(), "empty");
    }

    @Test
    void stapAWithAnSpsOrIdrInside() {
        assertTrue(ra(0x78, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0xCE), "STAP-A: SPS, PPS");
        assertFalse(ra(0x78, 0, 2, 0x68, 0xCE, 0, 2, 0x06, 0x05), "STAP-A: PPS, SEI");
        assertFalse(ra(0x78, 0, 9, 0x67), "STAP-A with a size past the end");
        assertFalse(ra(0x78, 0, 0), "STAP-A with a zero size");
    }

    @Test
    void fuAStartOfAnIdr() {
        assertTrue(ra(0x7C, 0x85, 0x88), "FU-A start, IDR");
        assertFalse(ra(0x7C, 0x05, 0x88), "FU-A middle, IDR");
        assertFalse(ra(0x7C, 0x81, 0x9A), "FU-A start, non-IDR");
        assertFalse(ra(0x7C), "truncated FU-A");
    }
}
