package io.strom.codec;

import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Unit;

/**
 * Holds a new reader back until the first random-access unit of its video track (H264, H265,
 * VP8, VP9, AV1, M-JPEG), so its decoder starts on a keyframe instead of on frames it cannot
 * decode. Other tracks pass.
 */
public final class KeyframeGate {

    private final int keyframeTrack;
    private boolean waiting;

    public KeyframeGate(MediaDescription description) {
        int keyframe = -1;
        for (int t = 0; t < description.tracks().size() && keyframe < 0; t++) {
            var track = description.tracks().get(t);
            if (track.kind() == MediaKind.VIDEO && RandomAccessPoints.isGated(track.format().codec())) {
                keyframe = t;
            }
        }
        this.keyframeTrack = keyframe;
    }

    public int keyframeTrack() {
        return keyframeTrack;
    }

    /** Starts waiting for a keyframe (when there is a keyframe track and {@code wait} says so). */
    public void arm(boolean wait) {
        waiting = wait && keyframeTrack >= 0;
    }

    /** Whether {@code unit} may be sent; the first random-access unit opens the gate. */
    public boolean pass(Unit unit) {
        if (waiting && unit.track() == keyframeTrack) {
            if (!unit.isRandomAccess()) {
                return false;
            }
            waiting = false;
        }
        return true;
    }
}
