package io.strom.codec.fmp4;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writing ISO BMFF boxes into a buffer: a box is opened, filled, and closed, which sets its size. */
final class Boxes {

    /** The identity transform of {@code mvhd} and {@code tkhd}, in 16.16 and 2.30 fixed point. */
    private static final int[] MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

    private Boxes() {
    }

    /** Opens a box of {@code type}; returns the position to pass to {@link #close}. */
    static int open(ByteBuf out, String type) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeCharSequence(type, StandardCharsets.US_ASCII);
        return start;
    }

    /** Opens a full box (version and 24-bit flags after the type). */
    static int openFull(ByteBuf out, String type, int version, int flags) {
        int start = open(out, type);
        out.writeInt((version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /** Closes the box opened at {@code start}: writes its size. */
    static void close(ByteBuf out, int start) {
        out.setInt(start, out.writerIndex() - start);
    }

    static void matrix(ByteBuf out) {
        for (int m : MATRIX) {
            out.writeInt(m);
        }
    }

    static void zeros(ByteBuf out, int count) {
        out.writeZero(count);
    }
}
