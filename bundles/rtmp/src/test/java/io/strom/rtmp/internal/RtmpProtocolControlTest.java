package io.strom.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** {@link ProtocolControl}; named Rtmp* so that the bundle's test filter picks it up. */
class RtmpProtocolControlTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static void assertControl(RtmpMessage m, int type, int... payload) {
        try {
            assertEquals(2, m.chunkStreamId());
            assertEquals(0, m.messageStreamId());
            assertEquals(0, m.timestamp());
            assertEquals(type, m.typeId());
            byte[] expected = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                expected[i] = (byte) payload[i];
            }
            assertArrayEquals(expected, ByteBufUtil.getBytes(m.payload()));
        } finally {
            m.release();
        }
    }

    @Test
    void buildsEachMessage() {
        assertControl(ProtocolControl.setChunkSize(ALLOC, 4096), 1, 0, 0, 0x10, 0);
        assertControl(ProtocolControl.windowAckSize(ALLOC, 2_500_000), 5, 0, 0x26, 0x25, 0xA0);
        assertControl(ProtocolControl.setPeerBandwidth(ALLOC, 2_500_000), 6, 0, 0x26, 0x25, 0xA0, 2);
        assertControl(ProtocolControl.acknowledgement(ALLOC, 0x1_0000_0005L), 3, 0, 0, 0, 5);
        assertControl(ProtocolControl.streamBegin(ALLOC, 1), 4, 0, 0, 0, 0, 0, 1);
        assertControl(ProtocolControl.pingResponse(ALLOC, 0x01020304L), 4, 0, 7, 1, 2, 3, 4);
    }
}
