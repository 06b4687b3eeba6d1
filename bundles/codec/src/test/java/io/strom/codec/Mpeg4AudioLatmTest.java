package io.strom.codec;

import static io.strom.codec.AudioTestSupport.assertUnit;
import static io.strom.codec.AudioTestSupport.concat;
import static io.strom.codec.AudioTestSupport.feed;
import static io.strom.codec.AudioTestSupport.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.codec.AudioTestSupport.Packets;
import io.strom.codec.AudioTestSupport.Units;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Mpeg4AudioLatmTest {

    static final Mpeg4AudioLatmConfig STEREO_48K = Mpeg4AudioLatmConfig.parse(HexFormat.of().parseHex("40002320"));

    static Format latm(Map<String, String> fmtp) {
        return new Format("MPEG-4 Audio LATM", 96, 48000, 2, fmtp);
    }

    final Units units = new Units();
    final Packets packets = new Packets();

    static RtpPacketizer.Options options(int budget) {
        return new RtpPacketizer.Options(UnpooledByteBufAllocator.DEFAULT, 96, 7, 0, budget);
    }

    @Test
    void readsTheStreamMuxConfig() {
        assertEquals(new AudioSpecificConfig(2, 48000, 2), STEREO_48K.audioSpecificConfig());
        assertEquals(1, STEREO_48K.subFrames());
        Mpeg4AudioLatmConfig config = Mpeg4AudioLatmConfig.of(latm(Map.of("cpresent", "0", "config", "40002410")));
        assertEquals(new AudioSpecificConfig(2, 44100, 1), config.audioSpecificConfig());
        assertArrayEquals(new byte[] {0x40, 0, 0x24, 0x10}, config.streamMuxConfig());
        assertEquals(2, Mpeg4AudioLatmConfig.parse(HexFormat.of().parseHex("41002410")).subFrames());
    }

    @Test
    void refusesWhatItCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> Mpeg4AudioLatmConfig.of(latm(Map.of("config", "40002410"))),
                "cpresent defaults to 1");
        assertThrows(IllegalArgumentException.class,
                () -> Mpeg4AudioLatmConfig.of(latm(Map.of("cpresent", "1", "config", "40002410"))));
        assertThrows(IllegalArgumentException.class, () -> Mpeg4AudioLatmConfig.of(latm(Map.of("cpresent", "0"))));
        assertThrows(IllegalArgumentException.class, () -> Mpeg4AudioLatmConfig.parse(new byte[] {0x40, 0x10, 0x24, 0x10}),
                "two programs");
        assertThrows(IllegalArgumentException.class, () -> Mpeg4AudioLatmConfig.parse(new byte[] {0x00, 0x00, 0x24, 0x10}),
                "own time framing");
        assertThrows(IllegalArgumentException.class, () -> Mpeg4AudioLatmConfig.parse(new byte[] {0x40, 0x00}), "truncated");
        assertThrows(IllegalArgumentException.class,
                () -> new Mpeg4AudioLatmPacketizer(options(1472), Mpeg4AudioLatmConfig.parse(HexFormat.of().parseHex("41002410"))));
        assertTrue(RtpFormats.packetizer(latm(Map.of("config", "40002410")), options(1472)).isEmpty());
        assertTrue(RtpFormats.depacketizer(latm(Map.of("cpresent", "0", "config", "40002410")),
                UnpooledByteBufAllocator.DEFAULT).isPresent());
    }

    @Test
    void prefixesA600BytePayloadWithItsLength() {
        byte[] au = randomBytes(600, 1);
        new Mpeg4AudioLatmPacketizer(options(1472), STEREO_48K).packetize(Unpooled.wrappedBuffer(au), 90, packets);
        assertEquals(1, packets.packets.size());
        assertTrue(RtpPackets.marker(packets.packets.get(0)));
        assertArrayEquals(concat(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x5A}, au), AudioTestSupport.payload(packets.packets.get(0)));
        try (Mpeg4AudioLatmDepacketizer d = new Mpeg4AudioLatmDepacketizer(UnpooledByteBufAllocator.DEFAULT, STEREO_48K)) {
            packets.feed(d, units);
        }
        assertEquals(1, units.units.size());
        assertUnit(au, 90, units.units.get(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 100, RtpPacketizer.MIN_MAX_PACKET_SIZE})
    void roundTripsByteForByte(int budget) {
        int[] sizes = {1, 254, 255, 256, 600, 1457, 1460, 4000, 15300};
        Mpeg4AudioLatmPacketizer packetizer = new Mpeg4AudioLatmPacketizer(options(budget), STEREO_48K);
        try (Mpeg4AudioLatmDepacketizer d = new Mpeg4AudioLatmDepacketizer(UnpooledByteBufAllocator.DEFAULT, STEREO_48K)) {
            for (int i = 0; i < sizes.length; i++) {
                assertTrue(packetizer.packetize(Unpooled.wrappedBuffer(randomBytes(sizes[i], i)), i * 1024L, packets));
                for (ByteBuf p : packets.packets) {
                    assertTrue(p.readableBytes() <= budget);
                }
                packets.feed(d, units);
            }
            assertEquals(0, d.droppedPackets());
        }
        assertEquals(sizes.length, units.units.size());
        for (int i = 0; i < sizes.length; i++) {
            assertUnit(randomBytes(sizes[i], i), i * 1024L, units.units.get(i));
        }
    }

    @Test
    void severalElementsInOnePacketGetConsecutiveTimestamps() {
        try (Mpeg4AudioLatmDepacketizer d = new Mpeg4AudioLatmDepacketizer(UnpooledByteBufAllocator.DEFAULT, STEREO_48K)) {
            feed(d, units, 1, 3000, true, new byte[] {2, 10, 11, 1, 12});
        }
        assertEquals(2, units.units.size());
        assertUnit(new byte[] {10, 11}, 3000, units.units.get(0));
        assertUnit(new byte[] {12}, 4024, units.units.get(1));
    }

    @Test
    void lossInAFragmentedElementDropsItAndCounts() {
        byte[] element = concat(new byte[] {(byte) 0xFF, 45}, randomBytes(300, 2));
        try (Mpeg4AudioLatmDepacketizer d = new Mpeg4AudioLatmDepacketizer(UnpooledByteBufAllocator.DEFAULT, STEREO_48K)) {
            feed(d, units, 1, 0, false, Arrays.copyOfRange(element, 0, 100));
            feed(d, units, 3, 0, false, Arrays.copyOfRange(element, 150, 200));
            feed(d, units, 4, 0, true, new byte[] {1, 9, 1, 9}); // would parse, but belongs to the broken element
            assertTrue(units.units.isEmpty());
            assertEquals(3, d.droppedPackets(), "every packet of the broken element");
            feed(d, units, 5, 1024, true, new byte[] {1, 9});
            assertEquals(1, units.units.size());
        }
    }

    @Test
    void elementsBeyondTheSizeLimitAreDroppedWithTheirLastFragment() {
        try (Mpeg4AudioLatmDepacketizer d = new Mpeg4AudioLatmDepacketizer(UnpooledByteBufAllocator.DEFAULT, STEREO_48K)) {
            int fragments = Mpeg4AudioLatmDepacketizer.MAX_ELEMENT_SIZE / 1400 + 1;
            for (int seq = 0; seq <= fragments; seq++) {
                feed(d, units, seq, 0, seq == fragments, new byte[1400]);
            }
            feed(d, units, fragments + 1, 1024, true, new byte[] {1, 9});
            assertEquals(1, units.units.size());
            assertEquals(fragments + 1, d.droppedPackets());
        }
    }

    @Test
    void malformedElementsAreCountedWithoutException() {
        byte[][] bad = {
            {},                              // no element
            {5, 1, 2},                       // length past the end
            {(byte) 0xFF},                   // PayloadLengthInfo cut short
            {0},                             // zero length
            {1, 7, 3, 1},                    // second element past the end
        };
        try (Mpeg4AudioLatmDepacketizer d = new Mpeg4AudioLatmDepacketizer(UnpooledByteBufAllocator.DEFAULT, STEREO_48K)) {
            int seq = 0;
            for (byte[] payload : bad) {
                feed(d, units, seq++, 0, true, payload);
            }
            assertTrue(units.units.isEmpty());
            assertEquals(bad.length, d.droppedPackets());
        }
    }

    @Test
    void subframesMustComeInWholeElements() {
        Mpeg4AudioLatmConfig two = Mpeg4AudioLatmConfig.parse(HexFormat.of().parseHex("41002410"));
        try (Mpeg4AudioLatmDepacketizer d = new Mpeg4AudioLatmDepacketizer(UnpooledByteBufAllocator.DEFAULT, two)) {
            feed(d, units, 1, 0, true, new byte[] {1, 5, 1, 6, 1, 7});
            assertEquals(1, d.droppedPackets());
            feed(d, units, 2, 0, true, new byte[] {1, 5, 1, 6});
            assertEquals(2, units.units.size());
        }
    }

    @Test
    void refusesEmptyAccessUnits() {
        assertFalse(new Mpeg4AudioLatmPacketizer(options(1472), STEREO_48K).packetize(Unpooled.EMPTY_BUFFER, 0, packets));
        assertTrue(packets.packets.isEmpty());
    }
}
