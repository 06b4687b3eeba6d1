package io.strom.hls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Parts cut as the muxer cuts them, for several frame rates and timestamp patterns: the target is
 * fixed from the first frame, no part outgrows it, and every part but a segment's first and last
 * is at least 85 % of it (RFC 8216bis, EXT-X-PART).
 */
class PartTargetTest {

    private static final int CLOCK = 90_000;
    private static final long PART = CLOCK / 5; // hlsPartDuration 200 ms
    private static final long SEGMENT = CLOCK; // hlsSegmentDuration 1 s, a keyframe every GOP frames

    /** Part durations (ticks) of each segment, with the target the muxer advertised when the first segment ended. */
    private record Cut(List<List<Long>> segments, long firstTarget, long lastTarget) {
    }

    /** Runs {@code frames} frames whose durations {@code duration} gives, a keyframe every {@code gop}. */
    private static Cut cut(int frames, int gop, IntToLongFunction duration) {
        PartTarget target = new PartTarget(PART);
        List<List<Long>> segments = new ArrayList<>();
        List<Long> parts = new ArrayList<>();
        long firstTarget = -1;
        long partStart = 0;
        long segmentStart = 0;
        long t = 0;
        for (int i = 0; i < frames; i++) {
            long d = duration.applyAsLong(i);
            if (i % gop == 0 && t - segmentStart >= SEGMENT) {
                parts.add(t - partStart);
                target.finished(t - partStart);
                segments.add(parts);
                parts = new ArrayList<>();
                if (firstTarget < 0) {
                    firstTarget = target.ticks();
                }
                partStart = t;
                segmentStart = t;
            } else if (target.endsBefore(partStart, t, d)) {
                parts.add(t - partStart);
                target.finished(t - partStart);
                partStart = t;
            }
            t += d;
        }
        return new Cut(segments, firstTarget, target.ticks());
    }

    private static void assertWithinTarget(Cut c, String what) {
        assertEquals(c.firstTarget(), c.lastTarget(), what + ": the target advertised in the first playlist never changes");
        for (List<Long> parts : c.segments()) {
            for (int i = 0; i < parts.size(); i++) {
                long p = parts.get(i);
                assertTrue(p <= c.lastTarget(), what + ": part " + p + " within target " + c.lastTarget() + " in " + parts);
                if (i > 0 && i < parts.size() - 1) {
                    assertTrue(p >= 0.85 * c.lastTarget(), what + ": part " + p + " at least 85 % of " + c.lastTarget() + " in " + parts);
                }
            }
        }
    }

    @Test
    void exactFrameRatesGetWholeFramesNearThePartDuration() {
        record Rate(String name, long frame, int gop, long frames) {
        }
        for (Rate r : List.of(new Rate("30 fps", 3000, 30, 6), new Rate("25 fps", 3600, 25, 5),
                new Rate("24 fps", 3750, 24, 5), new Rate("60 fps", 1500, 60, 12), new Rate("2 fps", 45_000, 2, 1))) {
            Cut c = cut(600, r.gop(), i -> r.frame());
            assertWithinTarget(c, r.name());
            assertEquals((long) Math.ceil(r.frames() * r.frame() * PartTarget.SLACK), c.firstTarget(), r.name());
            assertEquals(r.frames() * r.frame(), c.segments().get(1).get(1), r.name() + ": a middle part");
        }
    }

    @Test
    void millisecondTimestampsThatJitterStillFit() {
        // RTMP: 30 fps in whole milliseconds, 33 or 34 ms (3000 or 3060 ticks at 90 kHz), starting with the short one.
        Cut c = cut(900, 30, i -> i % 3 == 2 ? 3060 : 2970);
        assertWithinTarget(c, "30 fps in ms");
        assertTrue(c.segments().size() >= 25, "segments: " + c.segments().size());
    }

    @Test
    void aFrameLongerThanTheTargetMakesItGrowOnce() {
        // 30 fps, then one frame held for half a second (a publisher that stalled).
        Cut c = cut(300, 30, i -> i == 100 ? 45_000 : 3000);
        assertTrue(c.lastTarget() == 45_000, "the target grew to the one long frame: " + c.lastTarget());
        PartTarget t = new PartTarget(PART);
        assertFalse(t.fixed());
        assertEquals(PART, t.ticks(), "before any frame: the configured duration");
        assertFalse(t.endsBefore(0, 0, 3000), "an empty part never ends");
        assertTrue(t.fixed());
        assertFalse(t.finished(3000));
        assertTrue(t.finished(t.ticks() + 1));
    }
}
