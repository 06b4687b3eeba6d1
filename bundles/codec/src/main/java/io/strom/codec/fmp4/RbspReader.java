package io.strom.codec.fmp4;

/**
 * Reads the bits of a NAL unit's payload with emulation-prevention bytes removed, and the
 * Exp-Golomb codes of H264 and H265 headers. A read past the end throws
 * {@link IllegalArgumentException}: the NAL unit is truncated.
 */
final class RbspReader {

    private final byte[] rbsp;
    private final int length;
    private int bit;

    /** Reads {@code nal[from..]} without the 0x03 of each 0x000003 sequence. */
    RbspReader(byte[] nal, int from) {
        this(nal, from, true);
    }

    /** Reads {@code data[from..]}, as it is when {@code unescape} is false (VP9 and AV1 headers). */
    RbspReader(byte[] nal, int from, boolean unescape) {
        rbsp = new byte[nal.length];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (unescape && zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[n++] = (byte) b;
        }
        length = n * 8;
    }

    int bits(int count) {
        if (bit + count > length) {
            throw new IllegalArgumentException("truncated parameter set");
        }
        int value = 0;
        for (int i = 0; i < count; i++, bit++) {
            value = (value << 1) | ((rbsp[bit >>> 3] >> (7 - (bit & 7))) & 1);
        }
        return value;
    }

    boolean flag() {
        return bits(1) == 1;
    }

    void skip(int count) {
        bits(0);
        if (bit + count > length) {
            throw new IllegalArgumentException("truncated parameter set");
        }
        bit += count;
    }

    /** An unsigned Exp-Golomb code. */
    int ue() {
        int zeros = 0;
        while (bits(1) == 0) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("bad Exp-Golomb code");
            }
        }
        return zeros == 0 ? 0 : (int) ((1L << zeros) - 1 + bits(zeros));
    }

    /** A signed Exp-Golomb code. */
    int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
