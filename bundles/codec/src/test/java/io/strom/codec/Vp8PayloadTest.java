package io.strom.codec;

import static io.strom.codec.VideoRtp.bytes;
import static io.strom.codec.VideoRtp.concat;
import static io.strom.codec.VideoRtp.rtp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import org.junit.jupiter.api.Test;

class Vp8PayloadTest {

    private final Vp8Depacketizer depacketizer = new Vp8Depacketizer(UnpooledByteBufAllocator.DEFAULT);
    private final VideoRtp.Units units = new VideoRtp.Units();

    private void feed(ByteBuf packet) {
        depacketizer.depacketize(packet, units);
        packet.release();
    }

    @Test
    void readsEveryDescriptorVariant() {
        byte[] key = bytes(0x10, 0x02, 0x00); // frame tag with P = 0
        // X=1 I L T K, 15-bit picture id
        feed(rtp(1, 100, true, concat(bytes(0x90, 0xF0, 0x81, 0x23, 0x05, 0x40), key)));
        // X=1 I only, 7-bit picture id
        feed(rtp(2, 200, true, concat(bytes(0x90, 0x80, 0x12), bytes(0x01, 0xAA))));
        // X=1 L and K only
        feed(rtp(3, 300, true, concat(bytes(0x90, 0x50, 0x07, 0x20), key)));
        // X=0
        feed(rtp(4, 400, true, concat(bytes(0x10), key)));
        assertEquals(4, units.list.size());
        assertArrayEquals(key, units.list.get(0).data());
        assertTrue(units.list.get(0).randomAccess());
        assertArrayEquals(bytes(0x01, 0xAA), units.list.get(1).data());
        assertFalse(units.list.get(1).randomAccess());
        assertEquals(200, units.list.get(1).timestamp());
        assertArrayEquals(key, units.list.get(2).data());
        assertArrayEquals(key, units.list.get(3).data());
        assertEquals(0, depacketizer.droppedPackets());
    }

    @Test
    void reassemblesFramesAcrossPackets() {
        feed(rtp(10, 100, false, bytes(0x10, 0x00, 0x01)));
        feed(rtp(11, 100, false, bytes(0x00, 0x02)));
        feed(rtp(12, 100, true, bytes(0x00, 0x03, 0x04)));
        assertEquals(1, units.list.size());
        assertArrayEquals(bytes(0x00, 0x01, 0x02, 0x03, 0x04), units.list.get(0).data());
        assertTrue(units.list.get(0).randomAccess());
    }

    @Test
    void dropsFramesBrokenByLossAndWaitsForTheNextStart() {
        feed(rtp(10, 100, false, bytes(0x10, 0x00)));
        feed(rtp(12, 100, false, bytes(0x00, 0x02))); // 11 lost
        feed(rtp(13, 100, true, bytes(0x00, 0x03)));
        feed(rtp(14, 200, true, bytes(0x10, 0x01)));
        assertEquals(1, units.list.size());
        assertEquals(200, units.list.get(0).timestamp());
        assertEquals(3, depacketizer.droppedPackets());
    }

    @Test
    void dropsAFrameWhoseMarkerWasNeverSeen() {
        feed(rtp(1, 100, false, bytes(0x10, 0x00)));
        feed(rtp(2, 200, true, bytes(0x10, 0x01)));
        assertEquals(1, units.list.size());
        assertEquals(1, depacketizer.droppedPackets());
    }

    @Test
    void countsGarbageWithoutThrowing() {
        feed(rtp(1, 100, true));                         // empty payload
        feed(rtp(2, 100, true, bytes(0x90)));            // X set, no extension byte
        feed(rtp(3, 100, true, bytes(0x90, 0x80)));      // I set, no picture id
        feed(rtp(4, 100, true, bytes(0x90, 0x80, 0x80))); // 15-bit picture id cut short
        feed(rtp(5, 100, true, bytes(0x10)));            // descriptor only
        feed(Unpooled.wrappedBuffer(bytes(1, 2, 3)));     // not RTP
        feed(rtp(6, 100, false, bytes(0x00, 0x01)));     // continuation without a start
        assertEquals(0, units.list.size());
        assertEquals(7, depacketizer.droppedPackets());
        feed(rtp(7, 300, false, bytes(0x10, 0x00)));
        depacketizer.close(); // releases the partial frame
    }

    @Test
    void roundTripsAtDefaultAndSmallBudgets() {
        for (int budget : new int[] {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 200}) {
            for (int size : new int[] {1, 100, 187, 188, 5000}) {
                byte[] frame = VideoRtp.random(size, size);
                frame[0] &= (byte) 0xFE;
                Vp8Depacketizer d = new Vp8Depacketizer(UnpooledByteBufAllocator.DEFAULT);
                VideoRtp.Unit unit = VideoRtp.roundTrip(new Vp8Packetizer(VideoRtp.options(budget)), d, frame, budget);
                assertArrayEquals(frame, unit.data());
                assertTrue(unit.randomAccess());
                d.close();
            }
        }
    }

    @Test
    void refusesEmptyFramesAndIsRegistered() {
        VideoRtp.Packets packets = new VideoRtp.Packets();
        assertFalse(new Vp8Packetizer(VideoRtp.options(200)).packetize(Unpooled.EMPTY_BUFFER, 0, packets));
        assertTrue(packets.list.isEmpty());
        Format vp8 = Format.of("VP8", 96, 90000, 0);
        assertInstanceOf(Vp8Depacketizer.class, RtpFormats.depacketizer(vp8, UnpooledByteBufAllocator.DEFAULT).orElseThrow());
        assertInstanceOf(Vp8Packetizer.class, RtpFormats.packetizer(vp8, VideoRtp.options(200)).orElseThrow());
    }
}
