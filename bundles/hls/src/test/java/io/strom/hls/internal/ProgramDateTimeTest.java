package io.strom.hls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Program date times: the wall clock at arrival, never going back. */
class ProgramDateTimeTest {

    /** A wall clock the test sets. */
    private static final class SetClock extends Clock {
        Instant now = Instant.parse("2026-11-26T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void arrivalIsTheWallClockAndNeverGoesBack() {
        SetClock clock = new SetClock();
        ProgramDateTime pdt = new ProgramDateTime(clock);
        Instant first = clock.now;
        assertEquals(first, pdt.arrival());
        clock.now = first.plusMillis(1100);
        assertEquals(first.plusMillis(1100), pdt.arrival(), "the time the sample arrived, not media time added to a start");
        clock.now = first.plusMillis(300); // the wall clock stepped back
        assertEquals(first.plusMillis(1100), pdt.arrival(), "monotonic: the previous segment's time");
        clock.now = first.plusMillis(2500);
        assertEquals(first.plusMillis(2500), pdt.arrival(), "follows the clock again once it has passed");
    }
}
