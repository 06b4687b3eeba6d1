package io.strom.codec;

import static io.strom.codec.AudioTestSupport.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.codec.AudioTestSupport.Packets;
import io.strom.codec.AudioTestSupport.Units;
import org.junit.jupiter.api.Test;

class G711Test {

    static final Format PCMU = Format.of("G711", 0, 8000, 1);

    final Packets packets = new Packets();
    final Units units = new Units();

    static RtpPacketizer.Options options(int budget) {
        return new RtpPacketizer.Options(UnpooledByteBufAllocator.DEFAULT, 0, 1, 0, budget);
    }

    @Test
    void splitsALongBufferIntoBudgetSizedPacketsWithAdvancingTimestamps() {
        byte[] samples = randomBytes(1000, 1);
        long start = 0xFFFFFFFFL - 500; // timestamps wrap part way
        RtpPacketizer packetizer = RtpFormats.packetizer(PCMU, options(100)).orElseThrow();
        assertTrue(packetizer.packetize(Unpooled.wrappedBuffer(samples), start, packets));
        assertEquals(12, packets.packets.size(), "11 packets of 88 samples and one of 32");
        for (int i = 0; i < packets.packets.size(); i++) {
            ByteBuf p = packets.packets.get(i);
            assertEquals(i < 11 ? 88 : 32, RtpPackets.payloadLength(p));
            assertEquals((start + 88L * i) & 0xFFFFFFFFL, RtpPackets.timestamp(p));
            assertFalse(RtpPackets.marker(p));
        }
        try (RtpDepacketizer depacketizer = RtpFormats.depacketizer(PCMU, UnpooledByteBufAllocator.DEFAULT).orElseThrow()) {
            packets.feed(depacketizer, units);
        }
        assertArrayEquals(samples, AudioTestSupport.concat(units.units.stream().map(AudioTestSupport.Unit::bytes)
                .toArray(byte[][]::new)), "byte for byte");
        assertEquals((start + 88L * 11) & 0xFFFFFFFFL, units.units.get(11).timestamp());
    }

    @Test
    void fitsTheDefaultBudgetInOnePacket() {
        assertTrue(new G711Packetizer(options(RtpPacketizer.DEFAULT_MAX_PACKET_SIZE), 1)
                .packetize(Unpooled.wrappedBuffer(new byte[160]), 0, packets));
        assertEquals(1, packets.packets.size());
        assertEquals(160, RtpPackets.payloadLength(packets.packets.get(0)));
        packets.releaseAll();
    }

    @Test
    void keepsStereoSampleFramesWhole() {
        // budget 101: 89 payload bytes hold 44 stereo frames, 88 bytes
        assertTrue(new G711Packetizer(options(101), 2).packetize(Unpooled.wrappedBuffer(new byte[200]), 0, packets));
        assertEquals(3, packets.packets.size());
        assertEquals(88, RtpPackets.payloadLength(packets.packets.get(0)));
        assertEquals(44, RtpPackets.timestamp(packets.packets.get(1)));
        assertEquals(88, RtpPackets.timestamp(packets.packets.get(2)));
        assertEquals(24, RtpPackets.payloadLength(packets.packets.get(2)));
        packets.releaseAll();
        assertFalse(new G711Packetizer(options(101), 2).packetize(Unpooled.wrappedBuffer(new byte[201]), 0, packets),
                "a partial frame");
        assertFalse(new G711Packetizer(options(101), 0).packetize(Unpooled.EMPTY_BUFFER, 0, packets));
        assertTrue(packets.packets.isEmpty());
    }
}
