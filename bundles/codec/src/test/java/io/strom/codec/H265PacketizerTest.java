package io.strom.codec;

import static io.strom.codec.NalTesting.aggregation;
import static io.strom.codec.NalTesting.assertWellFormed;
import static io.strom.codec.NalTesting.avcc;
import static io.strom.codec.NalTesting.bytes;
import static io.strom.codec.NalTesting.feedAll;
import static io.strom.codec.NalTesting.nal;
import static io.strom.codec.NalTesting.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.codec.NalTesting.Packets;
import io.strom.codec.NalTesting.TrackingAllocator;
import io.strom.codec.NalTesting.Units;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class H265PacketizerTest {

    private static final byte[] VPS = nal(10, 0x40, 0x01);
    private static final byte[] SPS = nal(20, 0x42, 0x01);
    private static final byte[] PPS = nal(5, 0x44, 0x01);

    private final Packets packets = new Packets();

    private static H265Packetizer packetizer(int maxPacketSize) {
        return new H265Packetizer(new RtpPacketizer.Options(UnpooledByteBufAllocator.DEFAULT, 96, 0x1234, 500,
                maxPacketSize));
    }

    private boolean packetize(H265Packetizer p, byte[] accessUnit, long timestamp) {
        ByteBuf au = Unpooled.wrappedBuffer(accessUnit);
        boolean written = p.packetize(au, timestamp, packets);
        assertEquals(0, au.readerIndex(), "the access unit's indices are left alone");
        assertEquals(accessUnit.length, au.writerIndex());
        au.release();
        return written;
    }

    @Test
    void aNalUnitThatFitsGoesAlone() {
        byte[] trail = nal(100, 0x02, 0x01);
        assertTrue(packetize(packetizer(RtpPacketizer.DEFAULT_MAX_PACKET_SIZE), avcc(trail), 77));
        assertWellFormed(packets.list, RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 500, 77);
        assertArrayEquals(trail, payload(packets.list.get(0)));
    }

    @Test
    void parameterSetsShareAnAggregationPacket() {
        byte[] tid2 = nal(3, 0x4E, 0x03);
        assertTrue(packetize(packetizer(RtpPacketizer.DEFAULT_MAX_PACKET_SIZE), avcc(VPS, SPS, PPS, tid2), 1));
        assertEquals(1, packets.list.size());
        // LayerId 0 and TID 1: the lowest of the aggregated units.
        assertArrayEquals(aggregation(bytes(0x60, 0x01), VPS, SPS, PPS, tid2), payload(packets.list.get(0)));
    }

    @Test
    void largeNalUnitsAreSplitIntoFragmentationUnits() {
        assertTrue(packetize(packetizer(100), avcc(nal(500, 0x26, 0x01)), 1));
        assertWellFormed(packets.list, 100, 500, 1);
        for (int i = 0; i < packets.list.size(); i++) {
            byte[] payload = payload(packets.list.get(i));
            assertEquals(0x62, payload[0] & 0xFF);
            assertEquals(0x01, payload[1] & 0xFF);
            int expected = (i == 0 ? 0x80 : 0) | (i == packets.list.size() - 1 ? 0x40 : 0) | 19;
            assertEquals(expected, payload[2] & 0xFF, "FU header of packet " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 200, RtpPacketizer.MIN_MAX_PACKET_SIZE})
    void roundTripOfALargeIrap(int budget) {
        byte[] accessUnit = avcc(VPS, SPS, PPS, nal(5000, 0x26, 0x01), nal(900, 0x26, 0x01));
        assertTrue(packetize(packetizer(budget), accessUnit, 123456));
        assertWellFormed(packets.list, budget, 500, 123456);
        TrackingAllocator allocator = new TrackingAllocator();
        Units units = new Units();
        try (H265Depacketizer d = new H265Depacketizer(Format.of("H265", 96, 90000, 0), allocator)) {
            feedAll(d, units, packets.list);
            assertEquals(0, d.droppedPackets());
        }
        assertEquals(1, units.list.size());
        assertArrayEquals(accessUnit, units.list.get(0).bytes());
        assertTrue(units.list.get(0).randomAccess());
        allocator.assertAllReleased();
    }

    @Test
    void malformedAccessUnitsWriteNothing() {
        H265Packetizer p = packetizer(RtpPacketizer.DEFAULT_MAX_PACKET_SIZE);
        assertFalse(packetize(p, new byte[0], 1), "empty");
        assertFalse(packetize(p, bytes(0, 0, 0, 1, 0x02), 1), "shorter than a NAL unit header");
        assertFalse(packetize(p, bytes(0, 0, 0, 5, 0x02, 0x01), 1), "length past the end");
        assertTrue(packets.list.isEmpty());
        assertEquals(500, p.nextSequence());
    }

    @Test
    void formatsKnowBothCodecs() {
        RtpPacketizer.Options options = RtpPacketizer.Options.of(UnpooledByteBufAllocator.DEFAULT, 96, 1, 0);
        assertTrue(RtpFormats.packetizer(Format.of("H265", 96, 90000, 0), options).orElseThrow()
                instanceof H265Packetizer);
        assertTrue(RtpFormats.packetizer(Format.of("H264", 96, 90000, 0), options).orElseThrow()
                instanceof H264Packetizer);
        try (RtpDepacketizer d = RtpFormats.depacketizer(Format.of("H265", 96, 90000, 0),
                UnpooledByteBufAllocator.DEFAULT).orElseThrow()) {
            assertTrue(d instanceof H265Depacketizer);
        }
        try (RtpDepacketizer d = RtpFormats.depacketizer(Format.of("H264", 96, 90000, 0),
                UnpooledByteBufAllocator.DEFAULT).orElseThrow()) {
            assertTrue(d instanceof H264Depacketizer);
        }
    }
}
