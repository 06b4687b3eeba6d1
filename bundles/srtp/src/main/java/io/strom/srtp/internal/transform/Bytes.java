package io.strom.srtp.internal.transform;

/** Big-endian reads and writes, and a constant-time comparison for tags. */
final class Bytes {

    private Bytes() {
    }

    static int u16(byte[] a, int i) {
        return (a[i] & 0xff) << 8 | a[i + 1] & 0xff;
    }

    static int int32(byte[] a, int i) {
        return (a[i] & 0xff) << 24 | (a[i + 1] & 0xff) << 16 | (a[i + 2] & 0xff) << 8 | a[i + 3] & 0xff;
    }

    static void putInt32(byte[] a, int i, int v) {
        a[i] = (byte) (v >>> 24);
        a[i + 1] = (byte) (v >>> 16);
        a[i + 2] = (byte) (v >>> 8);
        a[i + 3] = (byte) v;
    }

    /** XORs the low {@code bytes} bytes of {@code v}, big-endian, into {@code a[i, i + bytes)}. */
    static void xorBigEndian(byte[] a, int i, long v, int bytes) {
        for (int k = bytes - 1; k >= 0; k--) {
            a[i + k] ^= (byte) v;
            v >>>= 8;
        }
    }

    /** Compares without an early exit, so the time taken says nothing about where a forged tag differs. */
    static boolean equalInConstantTime(byte[] a, int aOff, byte[] b, int bOff, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}
