package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Pieces shared by the FLV audio and video tag readers and the writer: bounds checks that
 * report truncation as {@link FlvException}, the Enhanced RTMP FourCCs and ModEx skipping.
 */
final class FlvTags {

    /** Enhanced RTMP packet type that wraps a modifier before the real packet type (v2). */
    static final int PACKET_TYPE_MOD_EX = 7;

    static final int AVC1 = fourCc("avc1");
    static final int HVC1 = fourCc("hvc1");
    static final int AV01 = fourCc("av01");
    static final int VP09 = fourCc("vp09");
    static final int MP4A = fourCc("mp4a");
    static final int OPUS = fourCc("Opus");

    private FlvTags() {
    }

    static int fourCc(String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /** A FourCC as text for messages, with unprintable bytes escaped. */
    static String fourCcName(int fourCc) {
        StringBuilder s = new StringBuilder("'");
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (fourCc >>> shift) & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.append('\'').toString();
    }

    /** Throws unless {@code n} bytes are readable; {@code what} names the truncated structure. */
    static void need(ByteBuf in, int n, String what) throws FlvException {
        if (in.readableBytes() < n) {
            throw new FlvException(what + " is truncated: needs " + n + " bytes, has " + in.readableBytes());
        }
    }

    /**
     * Skips the Enhanced RTMP v2 ModEx modifiers (the only one defined is a nanosecond
     * timestamp offset, below the millisecond precision Strom keeps) and returns the packet
     * type that follows them.
     */
    static int skipModEx(ByteBuf in, int packetType) throws FlvException {
        while (packetType == PACKET_TYPE_MOD_EX) {
            need(in, 1, "ModEx data size");
            int size = in.readUnsignedByte() + 1;
            if (size == 256) {
                need(in, 2, "ModEx data size");
                size = in.readUnsignedShort() + 1;
            }
            need(in, size + 1, "ModEx data");
            in.skipBytes(size);
            packetType = in.readUnsignedByte() & 0x0F;
        }
        return packetType;
    }

    /** Reads {@code length} bytes into a new array. */
    static byte[] bytes(ByteBuf in, int length, String what) throws FlvException {
        need(in, length, what);
        byte[] b = new byte[length];
        in.readBytes(b);
        return b;
    }
}
