package io.strom.api.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class UnitTest {

    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    @Test
    void releasesEveryBufferItOwnsWhenTheLastReferenceGoes() {
        ByteBuf p1 = alloc.buffer(16).writeZero(12);
        ByteBuf p2 = alloc.buffer(16).writeZero(10);
        ByteBuf au = alloc.buffer(32).writeZero(20);
        Unit unit = Unit.newUnit(1, 9000, 9000, true).addRtpPacket(p1).addRtpPacket(p2).setAccessUnit(au);
        assertEquals(22, unit.size());
        assertEquals(2, unit.rtpPacketCount());

        unit.retain(); // a second reader
        unit.release();
        assertEquals(1, p1.refCnt());

        unit.release();
        assertEquals(0, p1.refCnt());
        assertEquals(0, p2.refCnt());
        assertEquals(0, au.refCnt());
    }

    @Test
    void aRecycledUnitStartsEmpty() {
        Unit first = Unit.newUnit(0, 1, 1, false).addRtpPacket(alloc.buffer(4).writeInt(7));
        first.release();
        Unit next = Unit.newUnit(2, 5, 4, true);
        assertEquals(0, next.rtpPacketCount());
        assertNull(next.accessUnit());
        assertEquals(2, next.track());
        assertEquals(5, next.pts());
        assertEquals(4, next.dts());
        assertTrue(next.isRandomAccess());
        next.release();
    }

    @Test
    void growsBeyondItsInitialPacketSlots() {
        Unit unit = Unit.newUnit(0, 0, 0, true);
        for (int i = 0; i < 100; i++) {
            unit.addRtpPacket(alloc.buffer(1).writeByte(i));
        }
        assertEquals(100, unit.rtpPacketCount());
        assertEquals(99, unit.rtpPacket(99).getByte(0));
        assertThrows(IndexOutOfBoundsException.class, () -> unit.rtpPacket(100));
        unit.release();
    }

    @Test
    void refusesUseAfterRelease() {
        Unit unit = Unit.newUnit(0, 0, 0, true);
        unit.release();
        ByteBuf buf = alloc.buffer(1);
        assertThrows(IllegalStateException.class, () -> unit.setAccessUnit(buf));
        buf.release();
    }

    @Test
    void refusesTrackIndexOutsideTheDescriptionLimit() {
        assertThrows(IllegalArgumentException.class, () -> Unit.newUnit(-1, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> Unit.newUnit(MediaDescription.MAX_TRACKS, 0, 0, true));
    }
}
