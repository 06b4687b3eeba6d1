package io.strom.codec;

import static io.strom.codec.AudioTestSupport.assertUnit;
import static io.strom.codec.AudioTestSupport.feed;
import static io.strom.codec.AudioTestSupport.randomBytes;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpusTest {

    static final Format OPUS = Format.of("Opus", 97, 48000, 2);

    final Packets packets = new Packets();
    final Units units = new Units();

    static RtpPacketizer.Options options(int budget) {
        return new RtpPacketizer.Options(UnpooledByteBufAllocator.DEFAULT, 97, 1, 100, budget);
    }

    @ParameterizedTest
    @ValueSource(ints = {RtpPacketizer.DEFAULT_MAX_PACKET_SIZE, 100})
    void roundTripsOnePacketPerRtpPacket(int budget) {
        int[] sizes = {1, 3, 60, 88, budget - RtpPackets.HEADER_SIZE};
        RtpPacketizer packetizer = RtpFormats.packetizer(OPUS, options(budget)).orElseThrow();
        try (RtpDepacketizer depacketizer = RtpFormats.depacketizer(OPUS, UnpooledByteBufAllocator.DEFAULT).orElseThrow()) {
            for (int i = 0; i < sizes.length; i++) {
                assertTrue(packetizer.packetize(Unpooled.wrappedBuffer(randomBytes(sizes[i], i)), i * 960L, packets));
                assertEquals(1, packets.packets.size());
                assertFalse(RtpPackets.marker(packets.packets.get(0)), "RFC 7587 leaves the marker alone");
                packets.feed(depacketizer, units);
            }
            assertEquals(0, depacketizer.droppedPackets());
        }
        for (int i = 0; i < sizes.length; i++) {
            assertUnit(randomBytes(sizes[i], i), i * 960L, units.units.get(i));
        }
    }

    @Test
    void refusesWhatOnePacketCannotHold() {
        OpusPacketizer packetizer = new OpusPacketizer(options(100));
        assertFalse(packetizer.packetize(Unpooled.EMPTY_BUFFER, 0, packets));
        assertFalse(packetizer.packetize(Unpooled.wrappedBuffer(new byte[89]), 0, packets));
        assertTrue(packets.packets.isEmpty());
    }

    @Test
    void emptyAndMalformedPacketsAreCounted() {
        try (WholePayloadDepacketizer depacketizer = new WholePayloadDepacketizer(UnpooledByteBufAllocator.DEFAULT)) {
            feed(depacketizer, units, 1, 0, false, new byte[0]);
            ByteBuf notRtp = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 97});
            depacketizer.depacketize(notRtp, units);
            notRtp.release();
            assertTrue(units.units.isEmpty());
            assertEquals(2, depacketizer.droppedPackets());
        }
    }
}
