package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * H264/H265 access units between FLV's NAL unit lengths (1 to 4 bytes, as the decoder
 * configuration record says) and Strom's AVCC layout (4-byte lengths), and the parameter sets
 * a keyframe needs.
 */
final class NalUnits {

    private NalUnits() {
    }

    /** The NAL unit type of the unit whose header is at {@code index}. */
    static int type(ByteBuf buf, int index, boolean h265) {
        int b = buf.getUnsignedByte(index);
        return h265 ? (b >> 1) & 0x3F : b & 0x1F;
    }

    /**
     * The NAL units from the reader index to the end, with {@code lengthSize}-byte lengths, in
     * AVCC layout without empty units: a retained slice when already so, else a new buffer.
     */
    static ByteBuf toAvcc(ByteBuf in, int lengthSize, ByteBufAllocator allocator) throws FlvException {
        int count = 0;
        boolean empty = false;
        int end = in.writerIndex();
        for (int pos = in.readerIndex(); pos < end; ) {
            if (end - pos < lengthSize) {
                throw new FlvException("NAL unit length is truncated: " + (end - pos) + " bytes left");
            }
            long length = length(in, pos, lengthSize);
            pos += lengthSize;
            if (length > end - pos) {
                throw new FlvException("NAL unit of " + length + " bytes overruns the frame (" + (end - pos) + " left)");
            }
            empty |= length == 0;
            count++;
            pos += (int) length;
        }
        if (lengthSize == 4 && !empty) {
            return in.retainedSlice();
        }
        ByteBuf out = allocator.buffer(in.readableBytes() + count * (4 - lengthSize));
        for (int pos = in.readerIndex(); pos < end; ) {
            int length = (int) length(in, pos, lengthSize);
            pos += lengthSize;
            if (length > 0) {
                out.writeInt(length).writeBytes(in, pos, length);
            }
            pos += length;
        }
        return out;
    }

    private static long length(ByteBuf in, int pos, int size) {
        return switch (size) {
            case 1 -> in.getUnsignedByte(pos);
            case 2 -> in.getUnsignedShort(pos);
            case 3 -> in.getUnsignedMedium(pos);
            default -> in.getUnsignedInt(pos);
        };
    }

    /**
     * The AVCC access unit with the parameter sets it lacks inserted: each after the last
     * in-band set it depends on (a PPS after an in-band SPS), else at the start but after an
     * access unit delimiter. Returns {@code au} when nothing is missing, else a new buffer and
     * releases {@code au}.
     *
     * @param types the parameter set types in decoding order (SPS, PPS; VPS, SPS, PPS)
     * @param sets  the known set of each type, null when unknown
     */
    static ByteBuf insertMissing(ByteBuf au, boolean h265, int[] types, byte[][] sets, ByteBufAllocator allocator) {
        int start = au.readerIndex();
        int end = au.writerIndex();
        int head = start;
        if (end - start > 4 && type(au, start + 4, h265) == (h265 ? 35 : 9)) {
            head = start + 4 + au.getInt(start);
        }
        int[] insertAt = new int[types.length];
        java.util.Arrays.fill(insertAt, head);
        int present = 0;
        for (int pos = start; pos < end; pos += 4 + au.getInt(pos)) {
            int rank = rank(types, type(au, pos + 4, h265));
            if (rank >= 0) {
                present |= 1 << rank;
                for (int i = rank + 1; i < types.length; i++) {
                    insertAt[i] = pos + 4 + au.getInt(pos);
                }
            }
        }
        int extra = 0;
        for (int i = 0; i < types.length; i++) {
            if ((present & 1 << i) != 0 || sets[i] == null) {
                insertAt[i] = -1;
            } else {
                extra += 4 + sets[i].length;
            }
        }
        if (extra == 0) {
            return au;
        }
        ByteBuf out = allocator.buffer(au.readableBytes() + extra);
        for (int pos = start; ; ) {
            for (int i = 0; i < types.length; i++) {
                if (insertAt[i] == pos) {
                    out.writeInt(sets[i].length).writeBytes(sets[i]);
                }
            }
            if (pos >= end) {
                break;
            }
            int length = 4 + au.getInt(pos);
            out.writeBytes(au, pos, length);
            pos += length;
        }
        au.release();
        return out;
    }

    private static int rank(int[] types, int type) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    /** The first NAL unit of {@code type} in an AVCC access unit, or null (also when malformed). */
    static byte[] find(ByteBuf au, int type, boolean h265) {
        int end = au.writerIndex();
        for (int pos = au.readerIndex(); pos + 4 < end; ) {
            long length = au.getUnsignedInt(pos);
            if (length == 0 || length > end - pos - 4) {
                return null;
            }
            if (type(au, pos + 4, h265) == type) {
                byte[] nal = new byte[(int) length];
                au.getBytes(pos + 4, nal);
                return nal;
            }
            pos += 4 + (int) length;
        }
        return null;
    }
}
