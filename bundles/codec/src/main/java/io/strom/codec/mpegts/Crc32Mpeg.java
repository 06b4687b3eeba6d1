package io.strom.codec.mpegts;

/** The CRC-32 of MPEG-2 PSI sections: polynomial 0x04C11DB7, initial value all ones, no reflection. */
final class Crc32Mpeg {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int j = 0; j < 8; j++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc32Mpeg() {
    }

    static int of(byte[] data) {
        int crc = 0xFFFFFFFF;
        for (byte b : data) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b) & 0xFF];
        }
        return crc;
    }
}
