package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Inspects H264 RTP payloads (RFC 6184: single NAL unit, STAP-A, FU-A) in place.
 *
 * <p>A decoder can start at a packet that carries an SPS (it precedes the IDR it describes) or
 * the first fragment of an IDR slice; {@link #isRandomAccess} says whether a packet is such a
 * point, so a reader that joins mid-stream skips to the next one instead of receiving
 * undecodable frames.
 */
public final class H264Payloads {

    public static final int NAL_IDR = 5;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int STAP_A = 24;
    public static final int FU_A = 28;

    private H264Payloads() {
    }

    /**
     * Whether the payload at {@code offset} (of {@code length} bytes) starts a decodable point:
     * an SPS or IDR NAL unit, a STAP-A that contains one, or an FU-A start fragment of an IDR.
     * Malformed payloads answer false.
     */
    public static boolean isRandomAccess(ByteBuf buf, int offset, int length) {
        if (length < 1) {
            return false;
        }
        int type = buf.getByte(offset) & 0x1F;
        switch (type) {
            case NAL_IDR, NAL_SPS -> {
                return true;
            }
            case STAP_A -> {
                int pos = offset + 1;
                int end = offset + length;
                while (pos + 2 < end) {
                    int size = buf.getUnsignedShort(pos);
                    pos += 2;
                    if (size == 0 || pos + size > end) {
                        return false;
                    }
                    int inner = buf.getByte(pos) & 0x1F;
                    if (inner == NAL_IDR || inner == NAL_SPS) {
                        return true;
                    }
                    pos += size;
                }
                return false;
            }
            case FU_A -> {
                if (length < 2) {
                    return false;
                }
                byte header = buf.getByte(offset + 1);
                return (header & 0x80) != 0 && (header & 0x1F) == NAL_IDR;
            }
            default -> {
                return false;
            }
        }
    }
}
