package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Reads and writes the unsigned LEB128 integers AV1 uses for OBU sizes (AV1 specification
 * section 4.10.5): seven bits per byte, least significant group first, high bit set on every
 * byte but the last.
 */
final class Leb128 {

    /** The specification allows at most eight bytes. */
    private static final int MAX_BYTES = 8;

    private Leb128() {
    }

    /**
     * Reads one value at the reader index and advances past it; returns -1, leaving the index
     * anywhere, when the value is truncated, longer than eight bytes, or larger than an int
     * (no OBU this server handles comes near that).
     */
    static int read(ByteBuf in) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!in.isReadable()) {
                return -1;
            }
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value <= Integer.MAX_VALUE ? (int) value : -1;
            }
        }
        return -1;
    }

    /** How many bytes {@link #write} uses for {@code value}. */
    static int size(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    /** Writes {@code value} (not negative) in as few bytes as possible. */
    static void write(ByteBuf out, int value) {
        while ((value & ~0x7F) != 0) {
            out.writeByte(value & 0x7F | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }
}
