package io.strom.nack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingNackGeneratorTest {

    private static RingNackGenerator generator(int size, int retries, int maxMissing) {
        return new RingNackGenerator(new NackSettings(size, size, retries, maxMissing));
    }

    private static RingNackGenerator generator() {
        return generator(1024, 3, 256);
    }

    private static void receive(RingNackGenerator g, int... seqs) {
        for (int s : seqs) {
            g.received(s);
        }
    }

    private static List<Integer> missing(RingNackGenerator g) {
        List<Integer> out = new ArrayList<>();
        g.missing(out::add);
        return out;
    }

    @Test
    void gapsAreFoundInOrder() {
        RingNackGenerator g = generator();
        receive(g, 10, 11, 14, 15, 17);
        assertEquals(List.of(12, 13, 16), missing(g));
        assertEquals(3, g.missingCount());
    }

    @Test
    void aLateArrivalIsNoLongerMissing() {
        RingNackGenerator g = generator();
        receive(g, 10, 13);
        receive(g, 12);
        assertEquals(List.of(11), missing(g));
        receive(g, 11);
        assertEquals(List.of(), missing(g));
        assertEquals(0, g.missingCount());
    }

    @Test
    void eachNumberIsAskedForAtMostNackRetriesTimesOncePerCall() {
        RingNackGenerator g = generator(1024, 3, 256);
        receive(g, 100, 102);
        assertEquals(List.of(101), missing(g));
        assertEquals(List.of(101), missing(g));
        assertEquals(List.of(101), missing(g));
        assertEquals(List.of(), missing(g), "given up after three asks");
        assertEquals(1, g.givenUp());
        receive(g, 101);
        assertEquals(1, g.notAwaited(), "arriving after it was given up is not a loss recovered");
    }

    @Test
    void wrapFrom65535To0WithAGap() {
        RingNackGenerator g = generator();
        receive(g, 65533, 65534, 1, 2);
        assertEquals(List.of(65535, 0), missing(g));
        receive(g, 0);
        assertEquals(List.of(65535), missing(g));
    }

    @Test
    void reorderedPacketsWithinTheWindowAreNotNacked() {
        RingNackGenerator g = generator();
        receive(g, 1, 2, 5, 3, 4, 6, 8, 7, 9);
        assertEquals(List.of(), missing(g));
        assertEquals(0, g.tooOld());
    }

    @Test
    void duplicatesAreIgnored() {
        RingNackGenerator g = generator();
        receive(g, 1, 2, 2, 3, 1, 5);
        assertEquals(List.of(4), missing(g));
        assertEquals(2, g.notAwaited());
    }

    @Test
    void aPacketOlderThanTheWindowIsIgnored() {
        RingNackGenerator g = generator(16, 3, 16);
        receive(g, 100, 120);
        assertEquals(15, missing(g).size(), "only the 15 numbers below 120 within the window of 16");
        receive(g, 90);
        assertEquals(1, g.tooOld());
        assertEquals(0, g.restarts());
    }

    @Test
    void aBigJumpAheadRestartsInsteadOfNackingThousands() {
        RingNackGenerator g = generator();
        receive(g, 1000, 1002, 1000 + RingNackGenerator.MAX_DROPOUT + 500, 1000 + RingNackGenerator.MAX_DROPOUT + 502);
        assertEquals(List.of(1000 + RingNackGenerator.MAX_DROPOUT + 501), missing(g));
        assertEquals(1, g.restarts());
    }

    @Test
    void aJumpOfExactlyMaxDropoutIsALoss() {
        RingNackGenerator g = generator(1024, 3, 16);
        receive(g, 0, RingNackGenerator.MAX_DROPOUT);
        assertEquals(0, g.restarts());
        assertEquals(16, missing(g).size(), "capped at maxMissing");
    }

    @Test
    void aRestartFarBehindNeedsTwoPacketsInARow() {
        RingNackGenerator g = generator();
        receive(g, 40000, 40001);
        receive(g, 30000);
        assertEquals(1, g.tooOld());
        assertEquals(0, g.restarts(), "one stray packet does not reset the stream");
        receive(g, 30001, 30003);
        assertEquals(1, g.restarts());
        assertEquals(List.of(30002), missing(g));
    }

    @Test
    void aBurstBeyondMaxMissingDropsTheOldest() {
        RingNackGenerator g = generator(1024, 3, 4);
        receive(g, 0, 3, 7);
        assertEquals(List.of(2, 4, 5, 6), missing(g), "1, 2, 4, 5, 6 were missing, only the 4 newest are kept");
        assertEquals(1, g.forgotten());
    }

    @Test
    void aSingleBurstLongerThanMaxMissingKeepsItsNewestNumbers() {
        RingNackGenerator g = generator(1024, 3, 4);
        receive(g, 0, 100);
        assertEquals(List.of(96, 97, 98, 99), missing(g));
        assertEquals(95, g.forgotten());
    }

    @Test
    void numbersMoreThanSizeBehindAreForgotten() {
        RingNackGenerator g = generator(16, 3, 16);
        receive(g, 0, 2);
        receive(g, 20);
        assertEquals(List.of(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), missing(g),
                "1 and 3, 4 are more than 16 behind 20");
        assertEquals(3, g.forgotten(), "1 was tracked, 2 was received, 3 and 4 were never in the window");
    }

    @Test
    void outOfRangeNumbersAreRejected() {
        RingNackGenerator g = generator();
        receive(g, 1, -1, 65536, 3);
        assertEquals(2, g.rejected());
        assertEquals(List.of(2), missing(g));
    }

    @Test
    void nothingIsMissingBeforeTheFirstPacket() {
        RingNackGenerator g = generator();
        assertEquals(List.of(), missing(g));
        receive(g, 65535);
        assertEquals(List.of(), missing(g));
    }
}
