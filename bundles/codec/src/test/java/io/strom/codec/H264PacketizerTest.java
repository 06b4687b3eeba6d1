package io.strom.codec;

import static io.strom.codec.NalTesting.aggregation;
import static io.strom.codec.NalTesting.assertWellFormed;
import static io.strom.codec.NalTesting.avcc;
import static io.strom.codec.NalTesting.bytes;
import static io.strom.codec.NalTesting.concat;
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

class H264PacketizerTest {

    private static final byte[] SPS = nal(8, 0x67, 0x42);
    private static final byte[] PPS = nal(3, 0x68, 0xCE);
    private static final byte[] SLICE = nal(20, 0x41, 0x9A);

    private final Packets packets = new Packets();

    private static H264Packetizer packetizer(int initialSequence, int maxPacketSize) {
        return new H264Packetizer(new RtpPacketizer.Options(UnpooledByteBufAllocator.DEFAULT, 96, 0x1234,
                initialSequence, maxPacketSize));
    }

    private boolean packetize(H264Packetizer p, byte[] accessUnit, long timestamp) {
        ByteBuf au = Unpooled.wrappedBuffer(accessUnit);
        boolean written = p.packetize(au, timestamp, packets);
        assertEquals(0, au.readerIndex(), "the access unit's indices are left alone");
        assertEquals(accessUnit.length, au.writerIndex());
        au.release();
        return written;
    }

    @Test
    void aNalUnitThatFitsGoesAlone() {
        H264Packetizer p = packetizer(100, RtpPacketizer.DEFAULT_MAX_PACKET_SIZE);
        assertTrue(packetize(p, avcc(SLICE), 9000));
        assertEquals(1, packets.list.size());
        assertWellFormed(packets.list, RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 100, 9000);
        assertArrayEquals(SLICE, payload(packets.list.get(0)));
        assertEquals(101, p.nextSequence());
    }

    @Test
    void smallNalUnitsShareAStapA() {
        H264Packetizer p = packetizer(0, RtpPacketizer.DEFAULT_MAX_PACKET_SIZE);
        byte[] sei = nal(4, 0x06, 0x05);
        assertTrue(packetize(p, avcc(sei, SPS, PPS), 1));
        assertEquals(1, packets.list.size());
        // NRI is the highest of the aggregated units: 3, from the SPS.
        assertArrayEquals(aggregation(bytes(0x78), sei, SPS, PPS), payload(packets.list.get(0)));
    }

    @Test
    void aggregationStopsAtTheBudget() {
        H264Packetizer p = packetizer(0, 100);
        byte[] a = nal(40, 0x41);
        byte[] b = nal(40, 0x01);
        byte[] c = nal(40, 0x01);
        assertTrue(packetize(p, avcc(a, b, c), 1));
        assertEquals(2, packets.list.size());
        assertWellFormed(packets.list, 100, 0, 1);
        assertArrayEquals(aggregation(bytes(0x58), a, b), payload(packets.list.get(0)), "NRI 2, from the first");
        assertArrayEquals(c, payload(packets.list.get(1)));
    }

    @Test
    void largeNalUnitsAreSplitIntoFuA() {
        H264Packetizer p = packetizer(0, 200);
        byte[] idr = nal(1000, 0x65);
        assertTrue(packetize(p, avcc(idr), 1));
        assertWellFormed(packets.list, 200, 0, 1);
        for (int i = 0; i < packets.list.size(); i++) {
            byte[] payload = payload(packets.list.get(i));
            assertEquals(0x7C, payload[0] & 0xFF, "FU indicator keeps NRI 3");
            int expected = (i == 0 ? 0x80 : 0) | (i == packets.list.size() - 1 ? 0x40 : 0) | 5;
            assertEquals(expected, payload[1] & 0xFF, "FU header of packet " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 200, RtpPacketizer.MIN_MAX_PACKET_SIZE})
    void roundTripOfALargeIdr(int budget) {
        byte[] accessUnit = avcc(nal(4, 0x06, 0x05), SPS, PPS, nal(5000, 0x65, 0x88), nal(300, 0x65, 0x88));
        H264Packetizer p = packetizer(65530, budget);
        assertTrue(packetize(p, accessUnit, 0xFFFFFFF0L));
        assertWellFormed(packets.list, budget, 65530, 0xFFFFFFF0L);
        TrackingAllocator allocator = new TrackingAllocator();
        Units units = new Units();
        try (H264Depacketizer d = new H264Depacketizer(Format.of("H264", 96, 90000, 0), allocator)) {
            feedAll(d, units, packets.list);
            assertEquals(0, d.droppedPackets());
        }
        assertEquals(1, units.list.size());
        assertArrayEquals(accessUnit, units.list.get(0).bytes());
        assertEquals(0xFFFFFFF0L, units.list.get(0).timestamp());
        assertTrue(units.list.get(0).randomAccess());
        allocator.assertAllReleased();
    }

    @Test
    void sequenceNumbersContinueAcrossAccessUnits() {
        H264Packetizer p = packetizer(65535, RtpPacketizer.DEFAULT_MAX_PACKET_SIZE);
        assertTrue(packetize(p, avcc(SLICE), 1));
        assertTrue(packetize(p, avcc(SLICE), 2));
        assertEquals(65535, RtpPackets.sequenceNumber(Unpooled.wrappedBuffer(packets.list.get(0))));
        assertEquals(0, RtpPackets.sequenceNumber(Unpooled.wrappedBuffer(packets.list.get(1))));
        assertEquals(1, p.nextSequence());
    }

    @Test
    void malformedAccessUnitsWriteNothing() {
        H264Packetizer p = packetizer(7, RtpPacketizer.DEFAULT_MAX_PACKET_SIZE);
        assertFalse(packetize(p, new byte[0], 1), "empty");
        assertFalse(packetize(p, bytes(0, 0, 0, 9, 0x41, 1), 1), "length past the end");
        assertFalse(packetize(p, bytes(0, 0, 0, 0), 1), "zero length");
        assertFalse(packetize(p, bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x41), 1), "negative as an int");
        assertFalse(packetize(p, concat(avcc(SLICE), bytes(0, 0)), 1), "truncated length");
        assertTrue(packets.list.isEmpty());
        assertEquals(7, p.nextSequence(), "no sequence number was used");
    }
}
