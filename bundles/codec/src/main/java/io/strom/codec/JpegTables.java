package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * The standard JPEG tables RTP/JPEG (RFC 2435) relies on instead of sending them: the example
 * quantization tables of ITU T.81 Annex K.1, scaled by the Q factor as the IJG library does, and
 * the typical Huffman tables of Annex K.3, which every RFC 2435 stream uses.
 */
final class JpegTables {

    /** Natural (row-major) index of each zigzag position. */
    static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    };

    /** Table K.1, natural order. */
    static final int[] LUMA_QUANTIZER = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    };

    /** Table K.2, natural order. */
    static final int[] CHROMA_QUANTIZER = {
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    };

    static final int[] DC_LUMA_BITS = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
    static final int[] DC_CHROMA_BITS = {0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    static final int[] DC_VALUES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    static final int[] AC_LUMA_BITS = {0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D};
    static final int[] AC_LUMA_VALUES = {
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
        0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0,
        0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
        0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
        0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
        0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5,
        0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2,
        0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
        0xF9, 0xFA,
    };
    static final int[] AC_CHROMA_BITS = {0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77};
    static final int[] AC_CHROMA_VALUES = {
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
        0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xA1, 0xB1, 0xC1, 0x09, 0x23, 0x33, 0x52, 0xF0,
        0x15, 0x62, 0x72, 0xD1, 0x0A, 0x16, 0x24, 0x34, 0xE1, 0x25, 0xF1, 0x17, 0x18, 0x19, 0x1A, 0x26,
        0x27, 0x28, 0x29, 0x2A, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
        0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
        0x69, 0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
        0x88, 0x89, 0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5,
        0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3,
        0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA,
        0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
        0xF9, 0xFA,
    };

    private JpegTables() {
    }

    /**
     * The luma then chroma quantization tables for Q 1 to 99, 64 bytes each in zigzag order
     * (RFC 2435 Appendix A); Q outside that range is clamped to it.
     */
    static byte[] scaledQuantizers(int q) {
        int factor = Math.max(1, Math.min(99, q));
        int scale = factor < 50 ? 5000 / factor : 200 - factor * 2;
        byte[] tables = new byte[128];
        for (int i = 0; i < 64; i++) {
            tables[i] = (byte) scale(LUMA_QUANTIZER[ZIGZAG[i]], scale);
            tables[64 + i] = (byte) scale(CHROMA_QUANTIZER[ZIGZAG[i]], scale);
        }
        return tables;
    }

    private static int scale(int value, int scale) {
        return Math.max(1, Math.min(255, (value * scale + 50) / 100));
    }

    /** Writes the four standard Huffman tables as DHT segments: DC and AC, luma (0) and chroma (1). */
    static void writeHuffmanTables(ByteBuf out) {
        writeHuffmanTable(out, 0x00, DC_LUMA_BITS, DC_VALUES);
        writeHuffmanTable(out, 0x10, AC_LUMA_BITS, AC_LUMA_VALUES);
        writeHuffmanTable(out, 0x01, DC_CHROMA_BITS, DC_VALUES);
        writeHuffmanTable(out, 0x11, AC_CHROMA_BITS, AC_CHROMA_VALUES);
    }

    private static void writeHuffmanTable(ByteBuf out, int classAndId, int[] bits, int[] values) {
        out.writeShort(0xFFC4);
        out.writeShort(2 + 1 + bits.length + values.length);
        out.writeByte(classAndId);
        for (int b : bits) {
            out.writeByte(b);
        }
        for (int v : values) {
            out.writeByte(v);
        }
    }

    /**
     * Whether the Huffman table at {@code index} (its class/id byte, 16 counts, then values) is
     * the standard table for its class and id; returns its length in bytes, or -1 when it is not
     * standard or is truncated.
     */
    static int standardHuffmanTableLength(ByteBuf in, int index, int end) {
        if (index >= end) {
            return -1;
        }
        int classAndId = in.getUnsignedByte(index);
        boolean ac = (classAndId >> 4) == 1;
        boolean chroma = (classAndId & 0x0F) == 1;
        if (classAndId >> 4 > 1 || (classAndId & 0x0F) > 1) {
            return -1;
        }
        int[] bits = ac ? (chroma ? AC_CHROMA_BITS : AC_LUMA_BITS) : (chroma ? DC_CHROMA_BITS : DC_LUMA_BITS);
        int[] values = ac ? (chroma ? AC_CHROMA_VALUES : AC_LUMA_VALUES) : DC_VALUES;
        int length = 1 + bits.length + values.length;
        if (index + length > end) {
            return -1;
        }
        for (int i = 0; i < bits.length; i++) {
            if (in.getUnsignedByte(index + 1 + i) != bits[i]) {
                return -1;
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (in.getUnsignedByte(index + 1 + bits.length + i) != values[i]) {
                return -1;
            }
        }
        return length;
    }
}
