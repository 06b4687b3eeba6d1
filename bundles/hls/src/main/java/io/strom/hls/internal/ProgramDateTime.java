package io.strom.hls.internal;

import java.time.Clock;
import java.time.Instant;

/**
 * The EXT-X-PROGRAM-DATE-TIME of a muxer's segments: the server's wall clock when a segment's
 * first sample arrived, so a player's "wall clock minus program date time" is never less than
 * the time since the server had the frame, whatever the publisher's timestamps say (media time
 * added to a start time runs ahead of the wall clock when the publisher lags). Kept monotonic:
 * when the wall clock steps back (NTP), a segment gets its predecessor's time, never an earlier
 * one. Used by its {@link Cutter} only.
 */
final class ProgramDateTime {

    private final Clock clock;
    private Instant last;

    ProgramDateTime(Clock clock) {
        this.clock = clock;
    }

    /** The time of a segment whose first sample arrives now. */
    Instant arrival() {
        Instant now = clock.instant();
        if (last != null && now.isBefore(last)) {
            now = last;
        }
        last = now;
        return now;
    }
}
