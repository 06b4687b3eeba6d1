package io.strom.rtmp.internal;

/**
 * A big-endian bit reader over a byte array, with the Exp-Golomb codes of H264/H265 and the
 * AV1 uvlc. Reading past the end throws {@link IllegalArgumentException}: callers parse headers
 * they generated or received and fall back to defaults, so a checked exception would only add
 * noise.
 */
final class Bits {

    private final byte[] data;
    private long bit;

    Bits(byte[] data) {
        this.data = data;
    }

    /** The RBSP of a NAL unit from byte {@code from}: emulation prevention bytes (00 00 03) removed. */
    static Bits rbsp(byte[] nal, int from) {
        byte[] out = new byte[Math.max(0, nal.length - from)];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        return new Bits(java.util.Arrays.copyOf(out, n));
    }

    /** Reads {@code n} bits, 0 to 32, as an unsigned value. */
    long read(int n) {
        if (bit + n > (long) data.length * 8) {
            throw new IllegalArgumentException("header ends after " + data.length + " bytes");
        }
        long value = 0;
        for (int i = 0; i < n; i++, bit++) {
            value = value << 1 | ((data[(int) (bit >>> 3)] >> (7 - (bit & 7))) & 1);
        }
        return value;
    }

    int readInt(int n) {
        return (int) read(n);
    }

    boolean flag() {
        return read(1) != 0;
    }

    void skip(int n) {
        read(n);
    }

    /** An unsigned Exp-Golomb code, ue(v). */
    int ue() {
        int zeros = 0;
        while (read(1) == 0) {
            if (++zeros > 31) {
                throw new IllegalArgumentException("Exp-Golomb code longer than 32 bits");
            }
        }
        return (int) ((1L << zeros) - 1 + read(zeros));
    }

    /** AV1 uvlc(): like ue(v), saturating at 2^32 - 1. */
    long uvlc() {
        int zeros = 0;
        while (read(1) == 0) {
            zeros++;
        }
        return zeros >= 32 ? 0xFFFFFFFFL : (1L << zeros) - 1 + read(zeros);
    }
}
