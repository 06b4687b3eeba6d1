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

import io.strom.api.media.Format;
import io.strom.codec.NalTesting.TrackingAllocator;
import io.strom.codec.NalTesting.Units;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class H265DepacketizerTest {

    private static final byte[] VPS = nal(10, 0x40, 0x01);
    private static final byte[] SPS = nal(20, 0x42, 0x01);
    private static final byte[] PPS = nal(5, 0x44, 0x01);
    private static final byte[] SPS2 = nal(21, 0x42, 0x01);
    private static final byte[] IDR = nal(40, 0x26, 0x01);
    private static final byte[] CRA = nal(40, 0x2A, 0x01);
    private static final byte[] TRAIL = nal(30, 0x02, 0x01);
    private static final byte[] AP = bytes(0x60, 0x01);

    private final TrackingAllocator allocator = new TrackingAllocator();
    private final Units units = new Units();

    private H265Depacketizer depacketizer(Map<String, String> fmtp) {
        return new H265Depacketizer(new Format("H265", 96, 90000, 0, fmtp), allocator);
    }

    private static Map<String, String> sprop() {
        Base64.Encoder b64 = Base64.getEncoder();
        return Map.of("sprop-vps", b64.encodeToString(VPS), "sprop-sps", b64.encodeToString(SPS),
                "sprop-pps", b64.encodeToString(PPS));
    }

    @AfterEach
    void everyBufferReleased() {
        allocator.assertAllReleased();
    }

    @Test
    void singleNalUnitPackets() {
        try (H265Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 1, 1000, false, TRAIL);
            feed(d, units, 2, 1000, true, TRAIL);
            assertEquals(1, units.list.size());
            assertArrayEquals(avcc(TRAIL, TRAIL), units.list.get(0).bytes());
            assertFalse(units.list.get(0).randomAccess());
        }
    }

    @Test
    void aggregationPacket() {
        try (H265Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 1, 1000, true, aggregation(AP, VPS, SPS, PPS, CRA));
            assertArrayEquals(avcc(VPS, SPS, PPS, CRA), units.list.get(0).bytes());
            assertTrue(units.list.get(0).randomAccess(), "CRA is an IRAP picture");
        }
    }

    @Test
    void fragmentationUnitReassembly() {
        try (H265Depacketizer d = depacketizer(Map.of())) {
            byte[] body = nal(30);
            feed(d, units, 5, 1000, false, concat(bytes(0x62, 0x01, 0x93), Arrays.copyOfRange(body, 0, 10)));
            feed(d, units, 6, 1000, false, concat(bytes(0x62, 0x01, 0x13), Arrays.copyOfRange(body, 10, 20)));
            feed(d, units, 7, 1000, true, concat(bytes(0x62, 0x01, 0x53), Arrays.copyOfRange(body, 20, 30)));
            assertEquals(1, units.list.size());
            assertArrayEquals(avcc(concat(bytes(0x26, 0x01), body)), units.list.get(0).bytes());
            assertTrue(units.list.get(0).randomAccess());
            assertEquals(0, d.droppedPackets());
        }
    }

    @Test
    void lossInsideAFragmentationUnitDropsTheAccessUnit() {
        try (H265Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 5, 1000, false, bytes(0x62, 0x01, 0x93, 1));
            feed(d, units, 7, 1000, true, bytes(0x62, 0x01, 0x53, 3));
            assertEquals(0, units.list.size());
            assertEquals(2, d.droppedPackets());
            feed(d, units, 8, 2000, true, TRAIL);
            assertEquals(1, units.list.size());
        }
    }

    @Test
    void garbageIsCountedNeverThrown() {
        try (H265Depacketizer d = depacketizer(Map.of())) {
            feed(d, units, 1, 1000, true, new byte[0]);
            feed(d, units, 2, 2000, true, bytes(0x02));
            feed(d, units, 3, 3000, true, bytes(0x60, 0x01, 0, 9, 0x02, 0x01));
            feed(d, units, 4, 4000, true, bytes(0x60, 0x01));
            feed(d, units, 5, 5000, true, bytes(0x62, 0x01, 0x53, 1, 2));
            feed(d, units, 6, 6000, true, bytes(0x62, 0x01));
            feed(d, units, 7, 7000, true, bytes(0x64, 0x01, 0x02, 0x01, 0, 0));
            feed(d, units, 8, 8000, true, bytes(0x7E, 0x01, 1));
            assertEquals(8, d.droppedPackets());
            assertEquals(0, units.list.size());
        }
    }

    @Test
    void parameterSetsFromSpropPrecedeAnIrap() {
        try (H265Depacketizer d = depacketizer(sprop())) {
            feed(d, units, 1, 1000, false, bytes(0x46, 0x01, 0x50));
            feed(d, units, 2, 1000, true, IDR);
            feed(d, units, 3, 2000, true, TRAIL);
            assertArrayEquals(avcc(VPS, SPS, PPS, IDR), units.list.get(0).bytes(), "delimiter dropped, sets added");
            assertArrayEquals(avcc(TRAIL), units.list.get(1).bytes());
        }
    }

    @Test
    void inBandParameterSetsAreRememberedAndPlacedInOrder() {
        try (H265Depacketizer d = depacketizer(sprop())) {
            feed(d, units, 1, 1000, true, aggregation(AP, SPS2, CRA));
            feed(d, units, 2, 2000, true, IDR);
            assertArrayEquals(avcc(VPS, SPS2, PPS, CRA), units.list.get(0).bytes());
            assertArrayEquals(avcc(VPS, SPS2, PPS, IDR), units.list.get(1).bytes());
        }
    }

    @Test
    void decodingOrderNumbersAreNotSupported() {
        try (H265Depacketizer d = depacketizer(Map.of("sprop-max-don-diff", "2"))) {
            feed(d, units, 1, 1000, true, TRAIL);
            feed(d, units, 2, 2000, true, TRAIL);
            assertEquals(0, units.list.size());
            assertEquals(2, d.droppedPackets());
        }
        try (H265Depacketizer d = depacketizer(Map.of("sprop-max-don-diff", "0"))) {
            feed(d, units, 1, 1000, true, TRAIL);
            assertEquals(1, units.list.size());
        }
    }

    @Test
    void closeReleasesAPartialAccessUnit() {
        H265Depacketizer d = depacketizer(Map.of());
        feed(d, units, 1, 1000, false, bytes(0x62, 0x01, 0x93, 1));
        d.close();
        assertEquals(0, units.list.size());
    }
}
