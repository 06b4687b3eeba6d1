package io.strom.codec;

/**
 * Extends 32-bit RTP timestamps to a 64-bit time line that never wraps, so muxers that need
 * monotonic timestamps (RTMP, MP4, MPEG-TS) can use them across the wrap (every 13 h at 90 kHz,
 * at any moment with a random initial offset). A step back of less than half the range is a
 * reordered or B-frame timestamp, not a wrap. Used by one thread.
 */
public final class TimestampUnwrapper {

    private boolean started;
    private long last;

    /** The unwrapped value of {@code timestamp} (only its low 32 bits are read). */
    public long unwrap(long timestamp) {
        long ts = timestamp & 0xFFFFFFFFL;
        if (!started) {
            started = true;
            last = ts;
            return ts;
        }
        int delta = (int) (ts - (last & 0xFFFFFFFFL));
        last += delta;
        return last;
    }
}
