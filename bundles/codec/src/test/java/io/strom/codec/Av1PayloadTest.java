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
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Av1PayloadTest {

    private static final int SEQUENCE_HEADER = 1;
    private static final int TEMPORAL_DELIMITER = 2;
    private static final int FRAME = 6;

    private final Av1Depacketizer depacketizer = new Av1Depacketizer(UnpooledByteBufAllocator.DEFAULT);
    private final VideoRtp.Units units = new VideoRtp.Units();

    private void feed(ByteBuf packet) {
        depacketizer.depacketize(packet, units);
        packet.release();
    }

    static byte[] leb(int value) {
        ByteBuf b = Unpooled.buffer();
        Leb128.write(b, value);
        return ByteBufUtil.getBytes(b);
    }

    /** An OBU in the low-overhead format, with its size field. */
    static byte[] obu(int type, byte... payload) {
        return concat(bytes(type << 3 | 0x02), leb(payload.length), payload);
    }

    /** An OBU as RTP carries it: without size field. */
    static byte[] bare(int type, byte... payload) {
        return concat(bytes(type << 3), payload);
    }

    /** An OBU element preceded by its LEB128 length. */
    static byte[] element(byte[] obu) {
        return concat(leb(obu.length), obu);
    }

    @Test
    void readsAndWritesLeb128() {
        for (int value : new int[] {0, 1, 127, 128, 16383, 16384, 1 << 21, Integer.MAX_VALUE}) {
            ByteBuf b = Unpooled.buffer();
            Leb128.write(b, value);
            assertEquals(Leb128.size(value), b.readableBytes());
            assertEquals(value, Leb128.read(b));
            assertFalse(b.isReadable());
        }
        assertArrayEquals(bytes(0xAC, 0x02), leb(300));
        assertEquals(-1, Leb128.read(Unpooled.wrappedBuffer(bytes(0x80, 0x80))));
        assertEquals(-1, Leb128.read(Unpooled.wrappedBuffer(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01))));
        assertEquals(-1, Leb128.read(Unpooled.wrappedBuffer(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x7F))));
    }

    @Test
    void readsElementsWithLengthsAndWithACount() {
        byte[] seq = bytes(0x00, 0x01, 0x02);
        byte[] frame = bytes(0x10, 0x11);
        // W = 0, N: a temporal delimiter (dropped), a sequence header, a frame
        feed(rtp(1, 100, true, concat(bytes(0x08), element(bare(TEMPORAL_DELIMITER)),
                element(bare(SEQUENCE_HEADER, seq)), element(bare(FRAME, frame)))));
        // W = 2: the last element has no length
        feed(rtp(2, 200, true, concat(bytes(0x20), element(bare(FRAME, frame)), bare(FRAME, seq))));
        // W = 1, an OBU with an extension header and its size field kept
        feed(rtp(3, 300, true, concat(bytes(0x10), bytes(FRAME << 3 | 0x06, 0x28), leb(2), frame)));
        assertEquals(3, units.list.size());
        assertArrayEquals(concat(obu(SEQUENCE_HEADER, seq), obu(FRAME, frame)), units.list.get(0).data());
        assertTrue(units.list.get(0).randomAccess());
        assertArrayEquals(concat(obu(FRAME, frame), obu(FRAME, seq)), units.list.get(1).data());
        assertFalse(units.list.get(1).randomAccess());
        assertArrayEquals(concat(bytes(FRAME << 3 | 0x06, 0x28), leb(2), frame), units.list.get(2).data());
        assertEquals(0, depacketizer.droppedPackets());
    }

    @Test
    void reassemblesFragmentsAcrossPackets() {
        byte[] whole = bare(FRAME, VideoRtp.random(1, 300));
        feed(rtp(10, 100, false, concat(bytes(0x40), element(bytes(0x08, 0x00)), element(slice(whole, 0, 100)))));
        feed(rtp(11, 100, false, concat(bytes(0xC0), element(slice(whole, 100, 200)))));
        feed(rtp(12, 100, true, concat(bytes(0x90), slice(whole, 200, whole.length))));
        assertEquals(1, units.list.size());
        assertArrayEquals(concat(obu(1, bytes(0x00)), obu(FRAME, slice(whole, 1, whole.length))), units.list.get(0).data());
        assertTrue(units.list.get(0).randomAccess());
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    @Test
    void dropsUnitsBrokenByLossUpToTheNextMarker() {
        byte[] frame = bare(FRAME, bytes(1, 2, 3));
        feed(rtp(10, 100, false, concat(bytes(0x40), element(slice(frame, 0, 2)))));
        feed(rtp(12, 100, false, concat(bytes(0xC0), element(slice(frame, 2, 3))))); // 11 lost
        feed(rtp(13, 100, true, concat(bytes(0x80), element(slice(frame, 3, 4)))));
        feed(rtp(14, 200, true, concat(bytes(0x00), element(frame))));
        assertEquals(1, units.list.size());
        assertEquals(200, units.list.get(0).timestamp());
        assertArrayEquals(obu(FRAME, bytes(1, 2, 3)), units.list.get(0).data());
        assertEquals(3, depacketizer.droppedPackets());
    }

    @Test
    void countsGarbageWithoutThrowing() {
        byte[] frame = element(bare(FRAME, bytes(1)));
        feed(rtp(1, 1, true));                                     // empty payload
        feed(rtp(2, 2, true, bytes(0x00)));                        // no elements
        feed(rtp(3, 3, true, bytes(0x00, 0x80)));                  // truncated LEB128
        feed(rtp(4, 4, true, bytes(0x00, 0x05, 0x30)));            // length past the end
        feed(rtp(5, 5, true, concat(bytes(0x80), frame)));         // Z without a fragment
        feed(rtp(6, 6, true, concat(bytes(0x30), frame)));         // W = 3, only one element
        feed(rtp(7, 7, true, bytes(0x00, 0x01, 0x80)));            // forbidden bit
        feed(rtp(8, 8, true, bytes(0x00, 0x01, 0x34)));            // extension flag, no extension
        feed(rtp(9, 9, true, bytes(0x00, 0x02, 0x32, 0x05)));      // size field past the end
        feed(rtp(10, 10, true, concat(bytes(0x40), frame)));       // fragment open at the marker
        feed(rtp(11, 11, true, concat(bytes(0x00), element(bare(TEMPORAL_DELIMITER))))); // only a delimiter
        feed(Unpooled.wrappedBuffer(bytes(1, 2)));                 // not RTP
        assertEquals(0, units.list.size());
        assertEquals(12, depacketizer.droppedPackets());
        feed(rtp(12, 12, true, concat(bytes(0x00), frame)));
        assertEquals(1, units.list.size());
        feed(rtp(13, 13, false, concat(bytes(0x40), frame)));
        depacketizer.close();
    }

    @Test
    void roundTripsAtDefaultAndSmallBudgets() {
        byte[][] tus = {
            obu(FRAME, bytes(7)),
            concat(obu(SEQUENCE_HEADER, VideoRtp.random(1, 12)), obu(FRAME, VideoRtp.random(2, 5000))),
            concat(obu(FRAME, VideoRtp.random(3, 185)), obu(FRAME, VideoRtp.random(4, 20000)), obu(5, new byte[0])),
            concat(bytes(FRAME << 3 | 0x06, 0x30), leb(300), VideoRtp.random(5, 300), obu(4, VideoRtp.random(6, 100))),
        };
        for (int budget : new int[] {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 200, RtpPacketizer.MIN_MAX_PACKET_SIZE}) {
            for (int i = 0; i < tus.length; i++) {
                Av1Depacketizer d = new Av1Depacketizer(UnpooledByteBufAllocator.DEFAULT);
                VideoRtp.Unit unit = VideoRtp.roundTrip(new Av1Packetizer(VideoRtp.options(budget)), d, tus[i], budget);
                assertArrayEquals(tus[i], unit.data(), "unit " + i + " at " + budget);
                assertEquals(i == 1, unit.randomAccess());
                d.close();
            }
        }
    }

    @Test
    void packetizerDropsDelimitersStripsSizesAndSetsN() {
        Av1Packetizer packetizer = new Av1Packetizer(VideoRtp.options(200));
        VideoRtp.Packets packets = new VideoRtp.Packets();
        byte[] tu = concat(obu(TEMPORAL_DELIMITER), obu(SEQUENCE_HEADER, bytes(9)), bytes(FRAME << 3, 1, 2));
        assertTrue(packetizer.packetize(Unpooled.wrappedBuffer(tu), 0, packets));
        assertEquals(1, packets.list.size());
        assertArrayEquals(concat(bytes(0x08), element(bare(SEQUENCE_HEADER, bytes(9))), element(bare(FRAME, bytes(1, 2)))),
                ByteBufUtil.getBytes(packets.list.get(0), 12, packets.list.get(0).readableBytes() - 12));
        packets.release();
        assertFalse(packetizer.packetize(Unpooled.wrappedBuffer(obu(TEMPORAL_DELIMITER)), 0, packets));
        assertFalse(packetizer.packetize(Unpooled.wrappedBuffer(bytes(0x32, 0x05, 1)), 0, packets));
        assertFalse(packetizer.packetize(Unpooled.wrappedBuffer(bytes(0x32, 0x80)), 0, packets));
        assertTrue(packets.list.isEmpty());
        Format av1 = Format.of("AV1", 96, 90000, 0);
        assertInstanceOf(Av1Depacketizer.class, RtpFormats.depacketizer(av1, UnpooledByteBufAllocator.DEFAULT).orElseThrow());
        assertInstanceOf(Av1Packetizer.class, RtpFormats.packetizer(av1, VideoRtp.options(200)).orElseThrow());
    }
}
