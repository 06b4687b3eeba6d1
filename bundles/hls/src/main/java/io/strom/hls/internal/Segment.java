package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.List;

/**
 * A finished segment ({@code seg<msn>.mp4} or {@code .ts}).
 *
 * @param msn       media sequence number
 * @param duration  seconds
 * @param start     wall-clock time of its first sample (EXT-X-PROGRAM-DATE-TIME)
 * @param parts     its parts, in order
 * @param data      its parts' bytes as one buffer, owned by the muxer
 */
record Segment(long msn, double duration, Instant start, List<Part> parts, ByteBuf data) {

    void release() {
        data.release();
        parts.forEach(p -> p.data().release());
    }
}
