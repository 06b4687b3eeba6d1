package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Reads big-endian bit fields from a region of a buffer, without changing its indices: AU
 * headers (RFC 3640) and the MPEG-4 audio configurations are not byte-aligned.
 */
final class BitReader {

    private final ByteBuf buf;
    private final int offset;
    private final int limit;
    private int position;

    /** Reads {@code lengthBits} bits starting at byte {@code offset} of {@code buf}. */
    BitReader(ByteBuf buf, int offset, int lengthBits) {
        this.buf = buf;
        this.offset = offset;
        this.limit = lengthBits;
    }

    /** Bits left to read. */
    int remaining() {
        return limit - position;
    }

    /**
     * The next {@code bits} bits (0 to 31) as an unsigned value.
     *
     * @throws IllegalArgumentException when fewer bits remain, which for a configuration means it
     *                                  is truncated (callers reading packets check {@link #remaining} first)
     */
    int read(int bits) {
        if (bits > remaining()) {
            throw new IllegalArgumentException("truncated: " + bits + " bits wanted, " + remaining() + " left");
        }
        int value = 0;
        for (int i = 0; i < bits; i++) {
            int bit = position + i;
            value = (value << 1) | ((buf.getByte(offset + (bit >>> 3)) >> (7 - (bit & 7))) & 1);
        }
        position += bits;
        return value;
    }

    /** Skips {@code bits} bits; same failure as {@link #read}. */
    void skip(int bits) {
        if (bits > remaining()) {
            throw new IllegalArgumentException("truncated: " + bits + " bits to skip, " + remaining() + " left");
        }
        position += bits;
    }
}
