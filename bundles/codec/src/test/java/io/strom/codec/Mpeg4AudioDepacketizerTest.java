package io.strom.codec;

import static io.strom.codec.AudioTestSupport.assertUnit;
import static io.strom.codec.AudioTestSupport.concat;
import static io.strom.codec.AudioTestSupport.feed;
import static io.strom.codec.AudioTestSupport.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.codec.AudioTestSupport.Units;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Mpeg4AudioDepacketizerTest {

    static final Mpeg4AudioConfig AAC_HBR = new Mpeg4AudioConfig(13, 3, 3, new byte[] {0x11, (byte) 0x90});

    final Mpeg4AudioDepacketizer depacketizer =
            new Mpeg4AudioDepacketizer(UnpooledByteBufAllocator.DEFAULT, AAC_HBR);
    final Units units = new Units();

    @AfterEach
    void close() {
        depacketizer.close();
    }

    /** An AAC-hbr AU header: 13-bit size, 3-bit index (delta). */
    static byte[] header(int size, int index) {
        int h = size << 3 | index;
        return new byte[] {(byte) (h >> 8), (byte) h};
    }

    static byte[] headersLength(int bits) {
        return new byte[] {(byte) (bits >> 8), (byte) bits};
    }

    @Test
    void severalAccessUnitsInOnePacketGetConsecutiveTimestamps() {
        byte[] a = randomBytes(3, 1);
        byte[] b = randomBytes(4, 2);
        byte[] c = randomBytes(5, 3);
        long ts = 0xFFFFFFFFL - 1500; // the third AU's timestamp wraps past 2^32
        feed(depacketizer, units, 1, ts, true,
                concat(headersLength(48), header(3, 0), header(4, 0), header(5, 0), a, b, c));
        assertEquals(3, units.units.size());
        assertUnit(a, ts, units.units.get(0));
        assertUnit(b, ts + 1024, units.units.get(1));
        assertUnit(c, (ts + 2048) & 0xFFFFFFFFL, units.units.get(2));
        assertEquals(0, depacketizer.droppedPackets());
    }

    @Test
    void interleavedIndexDeltaSpacesTimestamps() {
        feed(depacketizer, units, 1, 0, true,
                concat(headersLength(32), header(1, 0), header(1, 2), new byte[] {7, 8}));
        assertEquals(java.util.List.of(0L, 3072L), java.util.List.of(units.units.get(0).timestamp(), units.units.get(1).timestamp()));
    }

    @Test
    void reassemblesAFragmentedAccessUnit() {
        byte[] au = randomBytes(1000, 4);
        byte[] h = concat(headersLength(16), header(1000, 0));
        feed(depacketizer, units, 10, 5000, false, concat(h, Arrays.copyOfRange(au, 0, 400)));
        feed(depacketizer, units, 11, 5000, false, concat(h, Arrays.copyOfRange(au, 400, 800)));
        assertTrue(units.units.isEmpty());
        feed(depacketizer, units, 12, 5000, true, concat(h, Arrays.copyOfRange(au, 800, 1000)));
        assertEquals(1, units.units.size());
        assertUnit(au, 5000, units.units.get(0));
        assertEquals(0, depacketizer.droppedPackets());
    }

    @Test
    void lossInsideAFragmentedAccessUnitDropsItAndCounts() {
        byte[] au = randomBytes(900, 5);
        byte[] h = concat(headersLength(16), header(900, 0));
        feed(depacketizer, units, 10, 5000, false, concat(h, Arrays.copyOfRange(au, 0, 300)));
        // sequence 11 (bytes 300..600) lost
        feed(depacketizer, units, 12, 5000, true, concat(h, Arrays.copyOfRange(au, 600, 900)));
        assertTrue(units.units.isEmpty());
        assertEquals(2, depacketizer.droppedPackets(), "the first fragment and the orphaned last one");
        byte[] next = randomBytes(20, 6);
        feed(depacketizer, units, 13, 6024, true, concat(headersLength(16), header(20, 0), next));
        assertEquals(1, units.units.size(), "the next AU decodes again");
        assertUnit(next, 6024, units.units.get(0));
    }

    @Test
    void fragmentsThatOverrunTheAnnouncedSizeAreDropped() {
        byte[] h = concat(headersLength(16), header(100, 0));
        feed(depacketizer, units, 1, 0, false, concat(h, new byte[60]));
        feed(depacketizer, units, 2, 0, true, concat(h, new byte[60]));
        assertTrue(units.units.isEmpty());
        assertEquals(2, depacketizer.droppedPackets());
    }

    @Test
    void malformedHeadersAreCountedWithoutException() {
        byte[][] bad = {
            {},                                              // no AU-headers-length
            {0},                                             // half of it
            concat(headersLength(0), new byte[] {1, 2, 3}),  // empty header section
            concat(headersLength(16), new byte[] {0}),       // header section past the end
            concat(headersLength(16), header(10, 0), new byte[5]), // AU past the end
            concat(headersLength(32), header(2, 0), header(9, 0), new byte[4]), // second AU past the end
            concat(headersLength(16), header(0, 0)),         // zero-size AU
            concat(headersLength(12), new byte[] {0x10, 0}, new byte[2]), // header shorter than a field
            concat(headersLength(0xFFFF), new byte[10]),     // huge section length
        };
        int seq = 0;
        for (byte[] payload : bad) {
            feed(depacketizer, units, seq++, 0, true, payload);
        }
        ByteBuf notRtp = io.netty.buffer.Unpooled.wrappedBuffer(new byte[5]);
        depacketizer.depacketize(notRtp, units);
        notRtp.release();
        assertTrue(units.units.isEmpty());
        assertEquals(bad.length + 1, depacketizer.droppedPackets());
    }

    @Test
    void closeWithAPartialAccessUnitEmitsNothing() {
        feed(depacketizer, units, 1, 0, false, concat(headersLength(16), header(500, 0), new byte[100]));
        depacketizer.close();
        assertTrue(units.units.isEmpty());
    }
}
