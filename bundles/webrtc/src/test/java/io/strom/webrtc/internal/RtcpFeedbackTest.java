package io.strom.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpFeedbackTest {

    private final List<String> seen = new ArrayList<>();
    private final RtcpFeedback.Handler handler = new RtcpFeedback.Handler() {
        @Override
        public void nack(long mediaSsrc, int sequenceNumber) {
            seen.add("nack " + mediaSsrc + " " + sequenceNumber);
        }

        @Override
        public void keyframeRequest(long mediaSsrc, boolean fir) {
            seen.add((fir ? "fir " : "pli ") + mediaSsrc);
        }

        @Override
        public void receiverReport(long mediaSsrc, int fractionLost, int cumulativeLost, long jitter) {
            seen.add("rr " + mediaSsrc + " " + fractionLost + " " + cumulativeLost + " " + jitter);
        }
    };

    @Test
    void readsACompoundOfReceiverReportNackPliAndFir() {
        ByteBuf p = Unpooled.buffer();
        // RR with one block about SSRC 7: 25 % lost (64/256), 3 lost in all, jitter 90
        p.writeByte(0x81).writeByte(201).writeShort(7).writeInt(1);
        p.writeInt(7).writeInt(64 << 24 | 3).writeInt(0).writeInt(90).writeInt(0).writeInt(0);
        // generic NACK about SSRC 7: 65535 and, by the bitmask, 0 and 2 (wrapping)
        p.writeByte(0x81).writeByte(205).writeShort(3).writeInt(1).writeInt(7).writeShort(65535).writeShort(0b101);
        // PLI about SSRC 7, FIR about SSRC 8
        p.writeByte(0x81).writeByte(206).writeShort(2).writeInt(1).writeInt(7);
        p.writeByte(0x84).writeByte(206).writeShort(4).writeInt(1).writeInt(0).writeInt(8).writeInt(1 << 24);
        assertTrue(RtcpFeedback.read(p, handler));
        assertEquals(List.of("rr 7 64 3 90", "nack 7 65535", "nack 7 0", "nack 7 2", "pli 7", "fir 8"), seen);
    }

    @Test
    void stopsAtALengthPastTheEnd() {
        ByteBuf p = Unpooled.buffer();
        p.writeByte(0x81).writeByte(206).writeShort(2).writeInt(1).writeInt(7);
        p.writeByte(0x81).writeByte(205).writeShort(40).writeInt(1);
        assertFalse(RtcpFeedback.read(p, handler));
        assertEquals(List.of("pli 7"), seen);
        assertFalse(RtcpFeedback.read(Unpooled.wrappedBuffer(new byte[] {0x12, 0x34, 0x56}), handler));
    }
}
