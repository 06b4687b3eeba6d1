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

class Vp9PayloadTest {

    /** Uncompressed header starts: profile 0 keyframe, profile 0 inter frame, profile 3 keyframe. */
    private static final byte[] KEY = bytes(0x82, 0x49, 0x83, 0x42, 0x00);
    private static final byte[] INTER = bytes(0x86, 0x00, 0x11);
    private static final byte[] KEY_PROFILE_3 = bytes(0xB0, 0x49, 0x83, 0x42);

    private final Vp9Depacketizer depacketizer = new Vp9Depacketizer(UnpooledByteBufAllocator.DEFAULT);
    private final VideoRtp.Units units = new VideoRtp.Units();

    private void feed(ByteBuf packet) {
        depacketizer.depacketize(packet, units);
        packet.release();
    }

    @Test
    void readsTheUncompressedHeader() {
        assertTrue(Vp9Depacketizer.isKeyframe(Unpooled.wrappedBuffer(KEY), 0));
        assertFalse(Vp9Depacketizer.isKeyframe(Unpooled.wrappedBuffer(INTER), 0));
        assertTrue(Vp9Depacketizer.isKeyframe(Unpooled.wrappedBuffer(KEY_PROFILE_3), 0));
        assertFalse(Vp9Depacketizer.isKeyframe(Unpooled.wrappedBuffer(bytes(0xB2)), 0)); // profile 3 inter
        assertFalse(Vp9Depacketizer.isKeyframe(Unpooled.wrappedBuffer(bytes(0x88)), 0)); // show_existing_frame
        assertFalse(Vp9Depacketizer.isKeyframe(Unpooled.wrappedBuffer(bytes(0x40)), 0)); // bad frame_marker
    }

    @Test
    void readsEveryDescriptorVariant() {
        // I (15-bit), L non-flexible with TL0PICIDX, B E V with Y and G
        // N_S=1 (two layers) Y G; two widths and heights; N_G=2: one group with R=1 and its P_DIFF, one with R=0
        byte[] ss = concat(bytes(0x38), bytes(0x01, 0x40, 0x00, 0xF0, 0x02, 0x80, 0x01, 0xE0), bytes(0x02, 0x04, 0x01, 0x00));
        feed(rtp(1, 100, true, concat(bytes(0xAE, 0x81, 0x02, 0x00, 0x07), ss, KEY)));
        // I (7-bit), F flexible with L (no TL0PICIDX) and P with two P_DIFFs, B E
        feed(rtp(2, 200, true, concat(bytes(0xFC, 0x05, 0x20, 0x03, 0x02), INTER)));
        // no optional fields
        feed(rtp(3, 300, true, concat(bytes(0x0C), KEY)));
        assertEquals(3, units.list.size());
        assertArrayEquals(KEY, units.list.get(0).data());
        assertTrue(units.list.get(0).randomAccess());
        assertArrayEquals(INTER, units.list.get(1).data());
        assertFalse(units.list.get(1).randomAccess());
        assertArrayEquals(KEY, units.list.get(2).data());
        assertTrue(units.list.get(2).randomAccess());
        assertEquals(0, depacketizer.droppedPackets());
    }

    @Test
    void reassemblesAndDropsOnLoss() {
        feed(rtp(10, 100, false, concat(bytes(0x08), KEY)));
        feed(rtp(11, 100, false, bytes(0x00, 0x01)));
        feed(rtp(12, 100, true, bytes(0x04, 0x02)));
        assertEquals(1, units.list.size());
        assertArrayEquals(concat(KEY, bytes(0x01, 0x02)), units.list.get(0).data());
        assertTrue(units.list.get(0).randomAccess());

        feed(rtp(13, 200, false, concat(bytes(0x48), INTER)));
        feed(rtp(15, 200, true, bytes(0x04, 0x02))); // 14 lost
        feed(rtp(16, 300, false, bytes(0x00, 0x02))); // no B: still waiting
        feed(rtp(17, 300, true, concat(bytes(0x4C), INTER)));
        assertEquals(2, units.list.size());
        assertEquals(300, units.list.get(1).timestamp());
        assertFalse(units.list.get(1).randomAccess());
        assertEquals(3, depacketizer.droppedPackets());
    }

    @Test
    void countsGarbageWithoutThrowing() {
        feed(rtp(1, 1, true));                                // empty
        feed(rtp(2, 1, true, bytes(0x88)));                   // descriptor only
        feed(rtp(3, 1, true, bytes(0x88 | 0x80)));            // I without picture id
        feed(rtp(4, 1, true, bytes(0x88 | 0x80, 0x80)));      // 15-bit picture id cut short
        feed(rtp(5, 1, true, bytes(0xD8, 0x01, 0x03, 0x03, 0x03, 0x03))); // four P_DIFFs
        feed(rtp(6, 1, true, bytes(0x8A, 0x01, 0x18)));       // SS with Y but no sizes
        feed(rtp(7, 1, true, bytes(0x8A, 0x01, 0x08, 0x03, 0x04))); // SS group cut short
        assertEquals(0, units.list.size());
        assertEquals(7, depacketizer.droppedPackets());
        depacketizer.close();
    }

    @Test
    void roundTripsAtDefaultAndSmallBudgets() {
        for (int budget : new int[] {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 200}) {
            for (int size : new int[] {1, 185, 186, 3000}) {
                for (byte[] head : new byte[][] {KEY, INTER}) {
                    byte[] frame = VideoRtp.random(size, size);
                    System.arraycopy(head, 0, frame, 0, Math.min(head.length, size));
                    Vp9Depacketizer d = new Vp9Depacketizer(UnpooledByteBufAllocator.DEFAULT);
                    VideoRtp.Unit unit = VideoRtp.roundTrip(new Vp9Packetizer(VideoRtp.options(budget)), d, frame, budget);
                    assertArrayEquals(frame, unit.data());
                    assertEquals(head == KEY, unit.randomAccess());
                    d.close();
                }
            }
        }
    }

    @Test
    void writesPictureIdsAndFlags() {
        Vp9Packetizer packetizer = new Vp9Packetizer(VideoRtp.options(200));
        VideoRtp.Packets packets = new VideoRtp.Packets();
        assertTrue(packetizer.packetize(Unpooled.wrappedBuffer(concat(KEY, new byte[400])), 0, packets));
        assertTrue(packetizer.packetize(Unpooled.wrappedBuffer(INTER), 3000, packets));
        assertEquals(4, packets.list.size());
        int[] flags = new int[4];
        int[] ids = new int[4];
        for (int i = 0; i < 4; i++) {
            flags[i] = packets.list.get(i).getUnsignedByte(12);
            ids[i] = packets.list.get(i).getUnsignedShort(13);
        }
        assertArrayEquals(new int[] {0x88, 0x80, 0x84, 0xCC}, flags);
        assertArrayEquals(new int[] {0x8000, 0x8000, 0x8000, 0x8001}, ids);
        packets.release();
        assertFalse(packetizer.packetize(Unpooled.EMPTY_BUFFER, 0, packets));
        Format vp9 = Format.of("VP9", 98, 90000, 0);
        assertInstanceOf(Vp9Depacketizer.class, RtpFormats.depacketizer(vp9, UnpooledByteBufAllocator.DEFAULT).orElseThrow());
        assertInstanceOf(Vp9Packetizer.class, RtpFormats.packetizer(vp9, VideoRtp.options(200)).orElseThrow());
    }
}
