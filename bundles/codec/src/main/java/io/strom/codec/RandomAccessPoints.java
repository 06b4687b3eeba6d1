package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Tells, from one RTP packet, whether a decoder can start there: the first packet of a
 * keyframe (or of the parameter sets before it) for video, every packet for audio. A reader
 * that joins mid-stream skips to such a packet instead of receiving frames it cannot decode.
 * Works in place on the payload; malformed payloads answer false.
 */
public final class RandomAccessPoints {

    /** The video codecs whose keyframes this class recognises. */
    private static final java.util.Set<String> VIDEO = java.util.Set.of("H264", "H265", "VP8", "VP9", "AV1", "M-JPEG");

    private RandomAccessPoints() {
    }

    /** Whether readers of {@code codec} should wait for a random-access point. */
    public static boolean isGated(String codec) {
        return VIDEO.contains(codec);
    }

    /**
     * Whether the payload at {@code offset} (of {@code length} bytes) of a {@code codec} packet
     * is a point where a decoder can start. Codecs not recognised as video answer true.
     */
    public static boolean isRandomAccess(String codec, ByteBuf buf, int offset, int length) {
        if (length < 1) {
            return false;
        }
        return switch (codec) {
            case "H264" -> H264Payloads.isRandomAccess(buf, offset, length);
            case "H265" -> h265(buf, offset, length);
            case "VP8" -> vp8(buf, offset, length);
            // B (start of frame) set and P (inter-picture predicted) clear: a frame without references.
            case "VP9" -> (buf.getByte(offset) & 0x48) == 0x08;
            // N: the first packet of a coded video sequence.
            case "AV1" -> (buf.getByte(offset) & 0x08) != 0;
            // Every JPEG stands alone: start at a frame's first fragment (offset 0).
            case "M-JPEG" -> length >= 8 && buf.getUnsignedMedium(offset + 1) == 0;
            default -> true;
        };
    }

    private static boolean h265Start(int type) {
        return (type >= 16 && type <= 21) || (type >= 32 && type <= 34); // IRAP, or VPS/SPS/PPS before it
    }

    private static boolean h265(ByteBuf buf, int offset, int length) {
        if (length < 3) {
            return false;
        }
        int type = (buf.getByte(offset) >> 1) & 0x3F;
        if (type == 48) { // aggregation packet: 2-byte sizes, each NAL with its 2-byte header
            int pos = offset + 2;
            int end = offset + length;
            while (pos + 2 < end) {
                int size = buf.getUnsignedShort(pos);
                pos += 2;
                if (size < 2 || pos + size > end) {
                    return false;
                }
                if (h265Start((buf.getByte(pos) >> 1) & 0x3F)) {
                    return true;
                }
                pos += size;
            }
            return false;
        }
        if (type == 49) { // fragmentation unit: S bit and the fragmented NAL's type
            byte fu = buf.getByte(offset + 2);
            return (fu & 0x80) != 0 && h265Start(fu & 0x3F);
        }
        return h265Start(type);
    }

    private static boolean vp8(ByteBuf buf, int offset, int length) {
        int b0 = buf.getUnsignedByte(offset);
        if ((b0 & 0x10) == 0 || (b0 & 0x07) != 0) {
            return false; // not the start of partition 0
        }
        int pos = offset + 1;
        if ((b0 & 0x80) != 0) {
            if (pos >= offset + length) {
                return false;
            }
            int x = buf.getUnsignedByte(pos++);
            if ((x & 0x80) != 0) { // I: picture id, 7 or 15 bits
                if (pos >= offset + length) {
                    return false;
                }
                pos += (buf.getByte(pos) & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                pos++;
            }
            if ((x & 0x30) != 0) { // T or K: TID/KEYIDX
                pos++;
            }
        }
        return pos < offset + length && (buf.getByte(pos) & 0x01) == 0; // P bit clear: a keyframe
    }
}
