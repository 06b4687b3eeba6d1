package io.strom.hls.internal;

/**
 * The LL-HLS Part Target Duration of one muxer, in the master track's clock, and where parts end.
 *
 * <p>RFC 8216bis (EXT-X-PART) wants every part no longer than the advertised PART-TARGET and,
 * except for a part that starts with a keyframe and the last part of a segment, at least 85 % of
 * it. A target that is a whole number of frames meets both: it is fixed when the first frame's
 * duration is known (long before the first playlist, which waits for the first segment) as the
 * number of frames nearest to {@code hlsPartDuration} (at least one), plus 5 % so that timestamps
 * that jitter by a tick or so (RTMP's milliseconds) still fit. A part then ends before the frame
 * that would take it past the target, judged with that frame's own duration, so no part outgrows
 * it; only a single frame longer than the target can, and then the target grows to it (said in
 * the log by the caller: the stream's frame rate changed under the playlist).
 */
final class PartTarget {

    /** Headroom over a whole number of frames for timestamp jitter; 1/1.05 stays above 85 %. */
    static final double SLACK = 1.05;

    private final long configured;
    private long ticks;

    /** @param configured {@code hlsPartDuration} in the master track's clock */
    PartTarget(long configured) {
        this.configured = Math.max(1, configured);
    }

    /** Whether the target is known (a frame duration was seen). */
    boolean fixed() {
        return ticks > 0;
    }

    /** The target in ticks, or the configured duration before the first frame duration is known. */
    long ticks() {
        return fixed() ? ticks : configured;
    }

    /** Fixes the target from the first known frame duration; later calls do nothing. */
    void firstFrame(long frameTicks) {
        if (!fixed() && frameTicks > 0) {
            long frames = Math.max(1, Math.round(configured / (double) frameTicks));
            ticks = (long) Math.ceil(frames * frameTicks * SLACK);
        }
    }

    /**
     * Whether the part that began at {@code partStart} must end before the frame at {@code frameStart}
     * that lasts {@code frameTicks}: the frame would take it past the target, and the part holds something.
     */
    boolean endsBefore(long partStart, long frameStart, long frameTicks) {
        firstFrame(frameTicks);
        return frameStart > partStart && frameStart + frameTicks - partStart > ticks();
    }

    /**
     * Records a finished part of {@code partTicks}; returns true when it was longer than the
     * target (a single frame can be) and the target grew to it.
     */
    boolean finished(long partTicks) {
        if (partTicks > ticks()) {
            ticks = partTicks;
            return true;
        }
        return false;
    }
}
