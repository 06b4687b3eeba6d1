package io.strom.example.udpmpegts.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.strom.api.media.Format;
import io.strom.codec.Fmtp;
import java.util.Arrays;

/**
 * H264 and H265 in MPEG-TS: a PES payload is one access unit in Annex B form (NAL units behind
 * {@code 00 00 01} start codes). Strom's layout is AVCC (each NAL unit behind its 4-byte length),
 * so the NAL units are copied once into a new buffer, without access unit delimiters (RTP and MP4
 * do not carry them).
 *
 * <p>The parameter sets (SPS and PPS, and VPS for H265) seen in band make the format's fmtp, so
 * RTSP and WebRTC readers get them in the SDP; a keyframe that arrives without them gets the last
 * ones inserted in front, since a reader may join at any keyframe.
 */
final class NalTrackReader implements TrackReader {

    private final boolean h265;
    private final int payloadType;
    private final ByteBufAllocator alloc;
    /** Parameter-set NAL unit types in decoding order, and the last one seen of each. */
    private final int[] parameterSetTypes;
    private final byte[][] parameterSets;
    private Format format;
    private int[] starts = new int[64];
    private int[] lengths = new int[64];

    private NalTrackReader(boolean h265, int payloadType, ByteBufAllocator alloc, int... parameterSetTypes) {
        this.h265 = h265;
        this.payloadType = payloadType;
        this.alloc = alloc;
        this.parameterSetTypes = parameterSetTypes;
        this.parameterSets = new byte[parameterSetTypes.length][];
    }

    static NalTrackReader h264(int payloadType, ByteBufAllocator alloc) {
        return new NalTrackReader(false, payloadType, alloc, 7, 8);
    }

    static NalTrackReader h265(int payloadType, ByteBufAllocator alloc) {
        return new NalTrackReader(true, payloadType, alloc, 32, 33, 34);
    }

    @Override
    public Format format() {
        return format;
    }

    @Override
    public boolean read(ByteBuf payload, long pts, long dts, AccessUnits out) {
        int count = split(payload);
        if (count <= 0) {
            return count == 0;
        }
        boolean randomAccess = false;
        int present = 0;
        int size = 0;
        for (int i = 0; i < count; i++) {
            int type = type(payload, starts[i]);
            int rank = rank(type);
            if (rank >= 0) {
                present |= 1 << rank;
                remember(rank, payload, starts[i], lengths[i]);
            }
            randomAccess |= h265 ? type >= 16 && type <= 21 : type == 5; // IRAP pictures; IDR slices
            size += isDelimiter(type) ? 0 : 4 + lengths[i];
        }
        if (format == null && Arrays.stream(parameterSets).allMatch(p -> p != null)) {
            format = h265 ? Fmtp.h265(payloadType, parameterSets[0], parameterSets[1], parameterSets[2])
                    : Fmtp.h264(payloadType, parameterSets[0], parameterSets[1]);
        }
        ByteBuf au = alloc.buffer(size + (randomAccess ? missingSize(present) : 0));
        if (randomAccess) {
            for (int rank = 0; rank < parameterSets.length; rank++) {
                if ((present & (1 << rank)) == 0 && parameterSets[rank] != null) {
                    au.writeInt(parameterSets[rank].length).writeBytes(parameterSets[rank]);
                }
            }
        }
        for (int i = 0; i < count; i++) {
            if (!isDelimiter(type(payload, starts[i]))) {
                au.writeInt(lengths[i]).writeBytes(payload, starts[i], lengths[i]);
            }
        }
        if (!au.isReadable()) {
            au.release();
            return true;
        }
        out.accept(au, pts, dts, randomAccess);
        return true;
    }

    /**
     * Finds the NAL units (into {@link #starts} and {@link #lengths}) and returns their number, or
     * -1 when the payload does not begin with a start code. Trailing zero bytes belong to the next
     * start code (a 4-byte {@code 00 00 00 01}), not to the NAL unit.
     */
    private int split(ByteBuf payload) {
        int end = payload.writerIndex();
        int pos = nextStartCode(payload, payload.readerIndex(), end);
        if (pos == end || pos - payload.readerIndex() > 4) {
            return -1; // an Annex B access unit starts with 00 00 01 or 00 00 00 01
        }
        int count = 0;
        while (pos < end) {
            int next = nextStartCode(payload, pos, end);
            int nalEnd = next == end ? end : next - 3;
            while (nalEnd > pos && payload.getByte(nalEnd - 1) == 0) {
                nalEnd--;
            }
            if (nalEnd > pos) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    lengths = Arrays.copyOf(lengths, count * 2);
                }
                starts[count] = pos;
                lengths[count] = nalEnd - pos;
                count++;
            }
            pos = next;
        }
        return count;
    }

    /** The index just past the next {@code 00 00 01} at or after {@code from}, or {@code end}. */
    private static int nextStartCode(ByteBuf b, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if (b.getByte(i + 2) == 1 && b.getByte(i + 1) == 0 && b.getByte(i) == 0) {
                return i + 3;
            }
        }
        return end;
    }

    private int type(ByteBuf b, int nal) {
        int first = b.getUnsignedByte(nal);
        return h265 ? (first >> 1) & 0x3F : first & 0x1F;
    }

    private boolean isDelimiter(int type) {
        return type == (h265 ? 35 : 9);
    }

    private int rank(int type) {
        for (int i = 0; i < parameterSetTypes.length; i++) {
            if (parameterSetTypes[i] == type) {
                return i;
            }
        }
        return -1;
    }

    private void remember(int rank, ByteBuf b, int start, int length) {
        byte[] known = parameterSets[rank];
        if (known == null || known.length != length || !ByteBufUtil.equals(b, start, Unpooled.wrappedBuffer(known), 0, length)) {
            byte[] copy = new byte[length];
            b.getBytes(start, copy);
            parameterSets[rank] = copy;
        }
    }

    private int missingSize(int present) {
        int size = 0;
        for (int rank = 0; rank < parameterSets.length; rank++) {
            if ((present & (1 << rank)) == 0 && parameterSets[rank] != null) {
                size += 4 + parameterSets[rank].length;
            }
        }
        return size;
    }
}
