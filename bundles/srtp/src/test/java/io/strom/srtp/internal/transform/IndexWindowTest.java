package io.strom.srtp.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RFC 3711 section 3.3.1 index estimation and the section 3.3.2 replay list. */
class IndexWindowTest {

    private final IndexWindow w = new IndexWindow();

    @Test
    void firstPacketIsItsSequenceNumberWithRolloverCounterZero() {
        assertEquals(1234, w.estimate(1234));
        assertEquals(IndexWindow.FRESH, w.check(1234));
    }

    @Test
    void wrapFrom65535To0IncrementsTheRolloverCounter() {
        w.accept(65534);
        w.accept(65535);
        assertEquals(65536, w.estimate(0));
        w.accept(65536);
        assertEquals(65537, w.estimate(1));
    }

    @Test
    void packetReorderedAcrossTheWrapKeepsTheOldRolloverCounter() {
        w.accept(65534);
        w.accept(65536);
        assertEquals(65535, w.estimate(65535));
        assertEquals(IndexWindow.FRESH, w.check(65535));
        w.accept(65535);
        assertEquals(IndexWindow.REPLAYED, w.check(w.estimate(65535)));
        assertEquals(65537, w.estimate(1));
    }

    @Test
    void aPacketFromBeforeTheFirstAtRolloverCounterZeroHasNoIndex() {
        w.accept(100);
        assertEquals(-1, w.estimate(65000));
    }

    @Test
    void replaysAndPacketsOlderThanTheWindowAreRejected() {
        w.accept(5000);
        w.accept(4990);
        assertEquals(IndexWindow.REPLAYED, w.check(5000));
        assertEquals(IndexWindow.REPLAYED, w.check(4990));
        assertEquals(IndexWindow.FRESH, w.check(4991));
        assertEquals(IndexWindow.FRESH, w.check(5000 - IndexWindow.SIZE + 1));
        assertEquals(IndexWindow.TOO_OLD, w.check(5000 - IndexWindow.SIZE));
    }

    @Test
    void movingTheWindowForgetsTheSlotsItPassesOver() {
        w.accept(10);
        w.accept(10 + IndexWindow.SIZE - 1);
        // Slot of 10 + SIZE is the slot of 10; it must read as fresh, not as 10's arrival.
        assertEquals(IndexWindow.FRESH, w.check(10 + IndexWindow.SIZE));
        w.accept(10 + 3L * IndexWindow.SIZE);
        assertEquals(IndexWindow.FRESH, w.check(10 + 3L * IndexWindow.SIZE - 1));
        assertEquals(IndexWindow.REPLAYED, w.check(10 + 3L * IndexWindow.SIZE));
    }
}
