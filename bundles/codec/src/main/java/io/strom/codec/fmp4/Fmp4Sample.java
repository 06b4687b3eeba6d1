package io.strom.codec.fmp4;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * One sample of a fragment.
 *
 * @param duration          ticks until the next sample's decoding time, in the track's timescale
 * @param compositionOffset presentation minus decoding time, in ticks (negative allowed)
 * @param sync              whether a decoder can start here (a keyframe; every audio sample)
 * @param data              the access unit, borrowed: the writer copies it
 */
public record Fmp4Sample(int duration, int compositionOffset, boolean sync, ByteBuf data) {

    public Fmp4Sample {
        if (duration < 0) {
            throw new IllegalArgumentException("duration " + duration + " is negative");
        }
        Objects.requireNonNull(data, "data");
    }
}
