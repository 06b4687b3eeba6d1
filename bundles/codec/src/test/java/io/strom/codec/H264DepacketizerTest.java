package io.strom.codec;

import static io.strom.codec.NalTesting.aggregation;
import static io.strom.codec.NalTesting.avcc;
import static io.strom.codec.NalTesting.bytes;
import static io.strom.codec.NalTesting.concat;
import static io.strom.codec.NalTesting.feed;
import static io.strom.codec.NalTesting.nal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.strom.api.media.Format;
import io.strom.codec.NalTesting.TrackingAllocator;
import io.strom.codec.NalTesting.Units;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class H264DepacketizerTest {

    private static final byte[] SPS = nal(8, 0x67, 0x42);
    private static final byte[] PPS = nal(3, 0x68, 0xCE);
    private static final byte[] SPS2 = nal(9, 0x67, 0x64);
    private static final byte[] PPS2 = nal(4, 0x68, 0xEB);
    private static final byte[] IDR = nal(30, 0x65, 0x88);
    private static final byte[] SLICE = nal(20, 0x41, 0x9A);
    private static final byte[] STAP_A = bytes(0x78);

    private final TrackingAllocator allocator = new TrackingAllocator();
    private final Units units = new Units();

    private H264Depacketizer depacketizer(Map<String, String> fmtp) {
        return new H264Depacketizer(new Format("H264", 96, 90000, 0, fmtp), allocator);
    }

    private static Map<String, String> sprop(byte[] sps, byte[] pps) {
        Base64.Encoder b64 = Base64.getEncoder();
        return Map.of("sprop-parameter-sets", b64.encodeToString(sps) + "," + b64.encodeToString(pps));
    }

    @AfterEach
    void everyBufferReleased() {
        allocator.assertAllReleased();
    }

    @Test
    void singleNalUnitPackets() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 1, 1000, true, SLICE);
            feed(d, units, 2, 4000, false, SEI());
            feed(d, units, 3, 4000, true, SLICE);
            assertEquals(2, units.list.size());
            assertArrayEquals(avcc(SLICE), units.list.get(0).bytes());
            assertEquals(1000, units.list.get(0).timestamp());
            assertFalse(units.list.get(0).randomAccess());
            assertArrayEquals(avcc(SEI(), SLICE), units.list.get(1).bytes());
            assertEquals(0, d.droppedPackets());
        }
    }

    private static byte[] SEI() {
        return nal(5, 0x06, 0x05);
    }

    @Test
    void accessUnitEndsWhenTheTimestampChanges() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 65535, 1000, false, SLICE);
            feed(d, units, 0, 4000, false, SLICE);
            assertEquals(1, units.list.size(), "a new timestamp completes the previous access unit");
            assertArrayEquals(avcc(SLICE), units.list.get(0).bytes());
            assertEquals(0, d.droppedPackets(), "sequence numbers wrap without a gap");
        }
    }

    @Test
    void stapA() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 1, 1000, true, aggregation(STAP_A, SPS, PPS, IDR));
            assertEquals(1, units.list.size());
            assertArrayEquals(avcc(SPS, PPS, IDR), units.list.get(0).bytes());
            assertTrue(units.list.get(0).randomAccess());
        }
    }

    @Test
    void fuAReassembly() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            byte[] body = nal(30);
            feed(d, units, 10, 1000, false, concat(bytes(0x7C, 0x85), java.util.Arrays.copyOfRange(body, 0, 10)));
            feed(d, units, 11, 1000, false, concat(bytes(0x7C, 0x05), java.util.Arrays.copyOfRange(body, 10, 20)));
            feed(d, units, 12, 1000, true, concat(bytes(0x7C, 0x45), java.util.Arrays.copyOfRange(body, 20, 30)));
            assertEquals(1, units.list.size());
            assertArrayEquals(avcc(concat(bytes(0x65), body)), units.list.get(0).bytes());
            assertTrue(units.list.get(0).randomAccess());
            assertEquals(0, d.droppedPackets());
        }
    }

    @Test
    void lossInsideFuADropsTheAccessUnit() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 10, 1000, false, bytes(0x7C, 0x85, 1, 2));
            feed(d, units, 12, 1000, false, bytes(0x7C, 0x05, 5, 6));
            feed(d, units, 13, 1000, true, bytes(0x7C, 0x45, 7, 8));
            assertEquals(0, units.list.size());
            assertEquals(3, d.droppedPackets(), "the start, and the packets after the gap");
            feed(d, units, 14, 4000, true, SLICE);
            assertEquals(1, units.list.size(), "the next access unit is whole again");
            assertArrayEquals(avcc(SLICE), units.list.get(0).bytes());
        }
    }

    @Test
    void garbageIsCountedNeverThrown() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 1, 1000, true, new byte[0]);
            feed(d, units, 2, 2000, true, bytes(0x78, 0, 9, 0x67));
            feed(d, units, 3, 3000, true, bytes(0x78, 0, 0));
            feed(d, units, 4, 4000, true, bytes(0x78));
            feed(d, units, 5, 5000, true, bytes(0x7C, 0x45, 1, 2));
            feed(d, units, 6, 6000, true, bytes(0x7C, 0xC5, 1, 2));
            feed(d, units, 7, 7000, true, bytes(0x7C));
            feed(d, units, 8, 8000, true, bytes(0x79, 0, 0, 0, 1, 0x41));
            feed(d, units, 9, 9000, true, bytes(0x7D, 0x85, 0, 1, 2));
            feed(d, units, 10, 10000, true, bytes(0x00, 1));
            var notRtp = Unpooled.wrappedBuffer(bytes(0x40, 1, 2));
            d.depacketize(notRtp, units);
            notRtp.release();
            assertEquals(11, d.droppedPackets());
            assertEquals(0, units.list.size());
            feed(d, units, 11, 11000, true, SLICE);
            assertEquals(1, units.list.size());
        }
    }

    @Test
    void fuAInterruptedByAnotherPacketIsDropped() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 1, 1000, false, bytes(0x7C, 0x85, 1, 2));
            feed(d, units, 2, 1000, false, SLICE);
            feed(d, units, 3, 1000, true, SLICE);
            feed(d, units, 4, 2000, false, bytes(0x7C, 0x85, 1, 2));
            feed(d, units, 5, 3000, true, SLICE);
            assertEquals(1, units.list.size(), "only the last access unit is whole");
            assertEquals(3000, units.list.get(0).timestamp());
            assertEquals(4, d.droppedPackets());
        }
    }

    @Test
    void parameterSetsFromSpropPrecedeAnIdr() {
        try (H264Depacketizer d = depacketizer(sprop(SPS, PPS))) {
            feed(d, units, 1, 1000, true, IDR);
            feed(d, units, 2, 2000, true, SLICE);
            assertArrayEquals(avcc(SPS, PPS, IDR), units.list.get(0).bytes());
            assertTrue(units.list.get(0).randomAccess());
            assertArrayEquals(avcc(SLICE), units.list.get(1).bytes(), "non-IDR units are left alone");
        }
    }

    @Test
    void inBandParameterSetsReplaceSprop() {
        try (H264Depacketizer d = depacketizer(sprop(SPS, PPS))) {
            feed(d, units, 1, 1000, true, aggregation(STAP_A, SPS2, PPS2, IDR));
            feed(d, units, 2, 2000, true, IDR);
            assertArrayEquals(avcc(SPS2, PPS2, IDR), units.list.get(0).bytes());
            assertArrayEquals(avcc(SPS2, PPS2, IDR), units.list.get(1).bytes());
        }
    }

    @Test
    void inBandParameterSetsWithoutSprop() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 1, 1000, true, IDR);
            assertArrayEquals(avcc(IDR), units.list.get(0).bytes(), "nothing known yet");
            feed(d, units, 2, 2000, false, SPS);
            feed(d, units, 3, 2000, false, PPS);
            feed(d, units, 4, 2000, true, IDR);
            feed(d, units, 5, 3000, true, IDR);
            assertArrayEquals(avcc(SPS, PPS, IDR), units.list.get(2).bytes());
        }
    }

    @Test
    void aMissingPpsGoesAfterTheInBandSps() {
        try (H264Depacketizer d = depacketizer(sprop(SPS, PPS))) {
            feed(d, units, 1, 1000, true, aggregation(STAP_A, SEI(), SPS2, IDR));
            assertArrayEquals(avcc(SEI(), SPS2, PPS, IDR), units.list.get(0).bytes());
        }
    }

    @Test
    void accessUnitDelimitersAreDropped() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 1, 1000, false, bytes(0x09, 0xF0));
            feed(d, units, 2, 1000, true, SLICE);
            feed(d, units, 3, 2000, true, bytes(0x09, 0xF0));
            assertEquals(1, units.list.size(), "a unit of only a delimiter is empty: nothing emitted");
            assertArrayEquals(avcc(SLICE), units.list.get(0).bytes());
            assertEquals(0, d.droppedPackets());
        }
    }

    @Test
    void oversizedAccessUnitIsDropped() {
        try (H264Depacketizer d = depacketizer(Map.of())) {
            byte[] chunk = new byte[60000];
            int seq = 0;
            feed(d, units, seq++, 1000, false, concat(bytes(0x7C, 0x85), chunk));
            while (seq * chunk.length <= NalDepacketizer.MAX_ACCESS_UNIT_SIZE) {
                feed(d, units, seq++, 1000, false, concat(bytes(0x7C, 0x05), chunk));
            }
            feed(d, units, seq++, 1000, true, concat(bytes(0x7C, 0x45), chunk));
            assertEquals(0, units.list.size());
            assertEquals(seq, d.droppedPackets());
            feed(d, units, seq, 2000, true, SLICE);
            assertEquals(1, units.list.size());
        }
    }

    @Test
    void closeReleasesAPartialAccessUnit() {
        H264Depacketizer d = depacketizer(Map.of());
        feed(d, units, 1, 1000, false, SLICE);
        feed(d, units, 2, 1000, false, bytes(0x7C, 0x85, 1, 2));
        d.close();
        assertEquals(0, units.list.size());
    }
}
