package io.strom.codec;

import static io.strom.codec.AudioTestSupport.assertUnit;
import static io.strom.codec.AudioTestSupport.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.codec.AudioTestSupport.Packets;
import io.strom.codec.AudioTestSupport.Units;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Mpeg4AudioPacketizerTest {

    static final int[] SIZES = {1, 50, 86, 87, 300, 1454, 1455, 3000, 8191};

    static RtpPacketizer.Options options(int budget) {
        return new RtpPacketizer.Options(UnpooledByteBufAllocator.DEFAULT, 97, 0x1234, 65530, budget);
    }

    @ParameterizedTest
    @ValueSource(ints = {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 100})
    void roundTripsByteForByte(int budget) {
        Mpeg4AudioPacketizer packetizer = new Mpeg4AudioPacketizer(options(budget), Mpeg4AudioDepacketizerTest.AAC_HBR);
        Packets packets = new Packets();
        Units units = new Units();
        try (Mpeg4AudioDepacketizer depacketizer =
                     new Mpeg4AudioDepacketizer(UnpooledByteBufAllocator.DEFAULT, Mpeg4AudioDepacketizerTest.AAC_HBR)) {
            for (int i = 0; i < SIZES.length; i++) {
                ByteBuf au = Unpooled.wrappedBuffer(randomBytes(SIZES[i], i));
                assertTrue(packetizer.packetize(au, i * 1024L, packets));
                assertEquals(SIZES[i], au.readableBytes(), "the access unit is borrowed");
                for (int p = 0; p < packets.packets.size(); p++) {
                    ByteBuf packet = packets.packets.get(p);
                    assertTrue(packet.readableBytes() <= budget);
                    assertEquals(p == packets.packets.size() - 1, RtpPackets.marker(packet), "marker ends the AU");
                    assertEquals(i * 1024L, RtpPackets.timestamp(packet));
                }
                au.release();
                packets.feed(depacketizer, units);
            }
            assertEquals(0, depacketizer.droppedPackets());
        }
        assertEquals(SIZES.length, units.units.size());
        for (int i = 0; i < SIZES.length; i++) {
            assertUnit(randomBytes(SIZES[i], i), i * 1024L, units.units.get(i));
        }
    }

    @Test
    void writesOneAuHeaderPerPacket() {
        Packets packets = new Packets();
        new Mpeg4AudioPacketizer(options(1472), Mpeg4AudioDepacketizerTest.AAC_HBR)
                .packetize(Unpooled.wrappedBuffer(new byte[] {9, 9, 9}), 0, packets);
        assertEquals(1, packets.packets.size());
        assertArrayEquals(new byte[] {0, 16, 0, 3 << 3, 9, 9, 9}, AudioTestSupport.payload(packets.packets.get(0)));
        packets.releaseAll();
    }

    @Test
    void sequenceNumbersContinueAcrossAccessUnitsAndWrap() {
        Packets packets = new Packets();
        Mpeg4AudioPacketizer packetizer = new Mpeg4AudioPacketizer(options(100), Mpeg4AudioDepacketizerTest.AAC_HBR);
        packetizer.packetize(Unpooled.wrappedBuffer(new byte[500]), 0, packets);
        packetizer.packetize(Unpooled.wrappedBuffer(new byte[10]), 1024, packets);
        for (int i = 0; i < packets.packets.size(); i++) {
            assertEquals((65530 + i) & 0xFFFF, RtpPackets.sequenceNumber(packets.packets.get(i)));
        }
        packets.releaseAll();
    }

    @Test
    void refusesEmptyAndOversizedAccessUnits() {
        Packets packets = new Packets();
        Mpeg4AudioPacketizer packetizer = new Mpeg4AudioPacketizer(options(1472), Mpeg4AudioDepacketizerTest.AAC_HBR);
        assertFalse(packetizer.packetize(Unpooled.EMPTY_BUFFER, 0, packets));
        assertFalse(packetizer.packetize(Unpooled.wrappedBuffer(new byte[8192]), 0, packets), "13-bit AU-size");
        assertTrue(packets.packets.isEmpty());
    }
}
