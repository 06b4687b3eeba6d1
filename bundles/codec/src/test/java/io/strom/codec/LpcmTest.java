package io.strom.codec;

import static io.strom.codec.AudioTestSupport.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.codec.AudioTestSupport.Packets;
import io.strom.codec.AudioTestSupport.Units;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LpcmTest {

    static final Format L16_STEREO = Format.of("LPCM", 96, 44100, 2);

    final Packets packets = new Packets();
    final Units units = new Units();

    static RtpPacketizer.Options options(int budget) {
        return new RtpPacketizer.Options(UnpooledByteBufAllocator.DEFAULT, 96, 1, 0, budget);
    }

    @ParameterizedTest
    @ValueSource(ints = {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 100})
    void splitsStereoL16OnFrameBoundariesAndRoundTrips(int budget) {
        byte[] samples = randomBytes(4 * 1000, 3); // 1000 frames of 2 channels x 16 bits
        int framesPerPacket = (budget - RtpPackets.HEADER_SIZE) / 4;
        RtpPacketizer packetizer = RtpFormats.packetizer(L16_STEREO, options(budget)).orElseThrow();
        assertTrue(packetizer.packetize(Unpooled.wrappedBuffer(samples), 5000, packets));
        assertEquals((1000 + framesPerPacket - 1) / framesPerPacket, packets.packets.size());
        for (int i = 0; i < packets.packets.size(); i++) {
            assertEquals(5000L + (long) framesPerPacket * i, RtpPackets.timestamp(packets.packets.get(i)));
            assertTrue(packets.packets.get(i).readableBytes() <= budget);
        }
        try (RtpDepacketizer depacketizer =
                     RtpFormats.depacketizer(L16_STEREO, UnpooledByteBufAllocator.DEFAULT).orElseThrow()) {
            packets.feed(depacketizer, units);
        }
        assertArrayEquals(samples, AudioTestSupport.concat(units.units.stream().map(AudioTestSupport.Unit::bytes)
                .toArray(byte[][]::new)));
    }

    @Test
    void unknownChannelCountMeansMono() {
        RtpPacketizer packetizer = RtpFormats.packetizer(Format.of("LPCM", 96, 8000, 0), options(100)).orElseThrow();
        assertTrue(packetizer.packetize(Unpooled.wrappedBuffer(new byte[100]), 0, packets));
        assertEquals(2, packets.packets.size());
        assertEquals(88, RtpPackets.payloadLength(packets.packets.get(0)));
        assertEquals(44, RtpPackets.timestamp(packets.packets.get(1)), "44 two-byte samples before it");
        packets.releaseAll();
        assertFalse(packetizer.packetize(Unpooled.wrappedBuffer(new byte[3]), 0, packets), "half a sample");
    }

    @Test
    void otherBitDepths() {
        assertTrue(new LpcmPacketizer(options(100), 24, 2).packetize(Unpooled.wrappedBuffer(new byte[90]), 0, packets));
        assertEquals(84, RtpPackets.payloadLength(packets.packets.get(0)), "14 frames of 6 bytes");
        assertEquals(14, RtpPackets.timestamp(packets.packets.get(1)));
        packets.releaseAll();
        assertThrows(IllegalArgumentException.class, () -> new LpcmPacketizer(options(100), 12, 1));
    }
}
