package io.strom.nack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingRetransmissionBufferTest {

    private static ByteBuf packet() {
        return Unpooled.buffer(1200).writeZero(1200);
    }

    @Test
    void addRetainsAndGetLendsWithoutChangingTheCount() {
        RingRetransmissionBuffer buffer = new RingRetransmissionBuffer(16);
        ByteBuf p = packet();
        buffer.add(7, p);
        assertEquals(2, p.refCnt(), "the buffer holds its own reference");
        assertSame(p, buffer.get(7));
        assertEquals(2, p.refCnt(), "get lends, it does not retain");
        p.release();
        assertEquals(1, p.refCnt());
        buffer.close();
        assertEquals(0, p.refCnt());
    }

    @Test
    void addReleasesTheDisplacedPacketAndItsNumberIsGone() {
        RingRetransmissionBuffer buffer = new RingRetransmissionBuffer(16);
        ByteBuf first = packet();
        ByteBuf second = packet();
        buffer.add(3, first);
        buffer.add(3 + 16, second);
        assertEquals(1, first.refCnt(), "only the caller's reference is left");
        assertNull(buffer.get(3), "the slot now holds 19, not 3");
        assertSame(second, buffer.get(19));
        first.release();
        second.release();
        buffer.close();
        assertEquals(0, second.refCnt());
    }

    @Test
    void sequenceNumbersWrapAround() {
        RingRetransmissionBuffer buffer = new RingRetransmissionBuffer(16);
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int seq = (65530 + i) & 0xFFFF;
            ByteBuf p = packet();
            sent.add(p);
            buffer.add(seq, p);
        }
        assertSame(sent.get(5), buffer.get(65535));
        assertSame(sent.get(6), buffer.get(0));
        assertSame(sent.get(9), buffer.get(3));
        assertNull(buffer.get(65529), "never sent");
        assertNull(buffer.get(15), "15 shares its slot with 65535 but was never sent");
        buffer.close();
        sent.forEach(ByteBuf::release);
        sent.forEach(p -> assertEquals(0, p.refCnt()));
    }

    @Test
    void aRecycledNumberNeverReturnsTheOldPacket() {
        RingRetransmissionBuffer buffer = new RingRetransmissionBuffer(16);
        ByteBuf old = packet();
        buffer.add(5, old);
        old.release();
        for (int seq = 6; seq <= 5 + 16; seq++) {
            ByteBuf p = packet();
            buffer.add(seq, p);
            p.release();
        }
        assertEquals(0, old.refCnt(), "overwritten after one lap of the ring");
        assertNull(buffer.get(5));
        buffer.close();
    }

    @Test
    void addingTheSamePacketTwiceUnderOneNumberKeepsOneReference() {
        RingRetransmissionBuffer buffer = new RingRetransmissionBuffer(16);
        ByteBuf p = packet();
        buffer.add(1, p);
        buffer.add(1, p);
        assertEquals(2, p.refCnt());
        buffer.close();
        assertEquals(1, p.refCnt());
        p.release();
    }

    @Test
    void closeReleasesPooledPacketsAndIsIdempotent() {
        RingRetransmissionBuffer buffer = new RingRetransmissionBuffer(16);
        List<ByteBuf> sent = new ArrayList<>();
        for (int seq = 0; seq < 40; seq++) {
            ByteBuf p = PooledByteBufAllocator.DEFAULT.directBuffer(1200).writeZero(1200);
            sent.add(p);
            buffer.add(seq, p);
            p.release();
        }
        for (int i = 0; i < 24; i++) {
            assertEquals(0, sent.get(i).refCnt(), "displaced packet " + i + " was released");
        }
        for (int i = 24; i < 40; i++) {
            assertEquals(1, sent.get(i).refCnt(), "packet " + i + " is held by the buffer only");
        }
        buffer.close();
        buffer.close();
        sent.forEach(p -> assertEquals(0, p.refCnt()));
        assertNull(buffer.get(39));
    }

    @Test
    void badInputIsCountedAndDropped() {
        RingRetransmissionBuffer buffer = new RingRetransmissionBuffer(16);
        ByteBuf released = packet();
        released.release();
        buffer.add(-1, packet());
        buffer.add(65536, packet());
        buffer.add(2, null);
        buffer.add(2, released);
        assertEquals(4, buffer.rejected());
        assertNull(buffer.get(-1));
        assertNull(buffer.get(2));
        buffer.close();
        ByteBuf late = packet();
        buffer.add(3, late);
        assertEquals(1, late.refCnt(), "an add after close does not retain");
        assertNull(buffer.get(3));
        assertEquals(5, buffer.rejected());
    }

    @Test
    void sizeMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RingRetransmissionBuffer(1000));
    }
}
