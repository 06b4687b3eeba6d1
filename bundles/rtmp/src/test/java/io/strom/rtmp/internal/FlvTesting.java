package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;

/** Byte helpers for the FLV tests. */
final class FlvTesting {

    static final byte[] SPS = bytes(0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80);
    static final byte[] PPS = bytes(0x68, 0xCE, 0x3C, 0x80);
    static final byte[] IDR = bytes(0x65, 0x88, 0x84, 0x00, 0x33);
    static final byte[] SLICE = bytes(0x41, 0x9A, 0x02);

    /** H265 parameter sets from x265 (RExt 4:4:4 profile, level 2, 8 bits, one sub-layer). */
    static final byte[] VPS = bytes(0x40, 0x01, 0x0C, 0x01, 0xFF, 0xFF, 0x04, 0x08, 0x00, 0x00, 0x03, 0x00, 0x9E, 0x08,
            0x00, 0x00, 0x03, 0x00, 0x00, 0x3C, 0x95, 0x98, 0x09);
    static final byte[] HSPS = bytes(0x42, 0x01, 0x01, 0x04, 0x08, 0x00, 0x00, 0x03, 0x00, 0x9E, 0x08, 0x00, 0x00, 0x03,
            0x00, 0x00, 0x3C, 0x90, 0x01, 0x41, 0x01, 0xE2, 0xCB, 0x2B, 0x34, 0x92, 0x65, 0x78, 0x0B, 0x70, 0x20, 0x20, 0x00,
            0x40, 0x00, 0x00, 0x03, 0x00, 0x40, 0x00, 0x00, 0x03, 0x02, 0x82);
    static final byte[] HPPS = bytes(0x44, 0x01, 0xC1, 0x72, 0x86, 0x0C, 0x46, 0x24);
    /** The first 23 bytes ffmpeg writes in the hvcC of the stream of those parameter sets. */
    static final String FFMPEG_HVCC_HEAD = "0104080000009e08000000003cf000fcfff8f800000f03";
    /** An SVT-AV1 sequence header OBU and the av1C ffmpeg writes for it. */
    static final byte[] AV1_SEQUENCE_HEADER = bytes(0x0A, 0x0B, 0x00, 0x00, 0x00, 0x04, 0x3C, 0xFF, 0xBC, 0xFB, 0xF9,
            0x00, 0x40);
    static final String FFMPEG_AV1C_HEAD = "81000c00";
    static final byte[] HIDR = bytes(0x26, 0x01, 0xAF, 0x06, 0xB8);
    static final byte[] HTRAIL = bytes(0x02, 0x01, 0xD0, 0x09);

    private FlvTesting() {
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** NAL units each preceded by a {@code lengthSize}-byte length. */
    static byte[] nals(int lengthSize, byte[]... units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] u : units) {
            for (int shift = 8 * (lengthSize - 1); shift >= 0; shift -= 8) {
                out.write(u.length >> shift);
            }
            out.writeBytes(u);
        }
        return out.toByteArray();
    }

    static byte[] avcc(byte[]... units) {
        return nals(4, units);
    }

    static byte[] fourCc(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The readable bytes, and releases the buffer. */
    static byte[] drain(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static ByteBuf wrap(byte[] b) {
        return Unpooled.wrappedBuffer(b);
    }

    /** MSB-first bit writer for synthetic headers, padded with AV1/RBSP trailing bits. */
    static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int count;

        BitWriter put(int bits, long value) {
            for (int i = bits - 1; i >= 0; i--) {
                current = current << 1 | (int) (value >> i & 1);
                if (++count == 8) {
                    out.write(current);
                    current = 0;
                    count = 0;
                }
            }
            return this;
        }

        byte[] trailing() {
            put(1, 1);
            while (count != 0) {
                put(1, 0);
            }
            return out.toByteArray();
        }
    }
}
