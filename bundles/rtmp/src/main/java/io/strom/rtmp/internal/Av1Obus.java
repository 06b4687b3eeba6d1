package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Walks the OBUs of an AV1 temporal unit, so FLV frames get Strom's layout (every OBU with its
 * size field, no temporal delimiters) and the writer finds the sequence header.
 */
final class Av1Obus {

    static final int SEQUENCE_HEADER = 1;
    static final int TEMPORAL_DELIMITER = 2;
    static final int PADDING = 15;

    private Av1Obus() {
    }

    /**
     * The OBUs from the reader index to the end in the low-overhead format, without temporal
     * delimiters and padding; an OBU without size field (allowed for the last one in ISOBMFF)
     * gets one. Returns a new buffer, or a retained slice when nothing changes.
     */
    static ByteBuf normalize(ByteBuf in, ByteBufAllocator allocator) throws FlvException {
        boolean rewrite = false;
        int end = in.writerIndex();
        for (int pos = in.readerIndex(); pos < end; ) {
            Obu obu = Obu.at(in, pos, end);
            rewrite |= !obu.sized || obu.type == TEMPORAL_DELIMITER || obu.type == PADDING;
            pos = obu.end;
        }
        if (!rewrite) {
            return in.retainedSlice();
        }
        ByteBuf out = allocator.buffer(in.readableBytes() + 8);
        for (int pos = in.readerIndex(); pos < end; ) {
            Obu obu = Obu.at(in, pos, end);
            if (obu.type != TEMPORAL_DELIMITER && obu.type != PADDING) {
                out.writeByte(in.getByte(pos) | 0x02);
                out.writeBytes(in, pos + 1, obu.headerSize - 1);
                writeLeb128(out, obu.end - obu.payload);
                out.writeBytes(in, obu.payload, obu.end - obu.payload);
            }
            pos = obu.end;
        }
        return out;
    }

    /** A copy of the first sequence header OBU (with its size field), or null. */
    static byte[] sequenceHeader(ByteBuf in) {
        try {
            int end = in.writerIndex();
            for (int pos = in.readerIndex(); pos < end; ) {
                Obu obu = Obu.at(in, pos, end);
                if (obu.type == SEQUENCE_HEADER && obu.sized) {
                    byte[] copy = new byte[obu.end - pos];
                    in.getBytes(pos, copy);
                    return copy;
                }
                pos = obu.end;
            }
        } catch (FlvException e) {
            // a malformed unit has no usable sequence header
        }
        return null;
    }

    static void writeLeb128(ByteBuf out, int value) {
        while ((value & ~0x7F) != 0) {
            out.writeByte(value & 0x7F | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    /** One OBU's bounds: header bytes (with extension), payload start and end. */
    private record Obu(int type, boolean sized, int headerSize, int payload, int end) {

        static Obu at(ByteBuf in, int pos, int end) throws FlvException {
            int header = in.getUnsignedByte(pos);
            if ((header & 0x80) != 0) {
                throw new FlvException("AV1 OBU forbidden bit is set");
            }
            int headerSize = (header & 0x04) != 0 ? 2 : 1;
            int p = pos + headerSize;
            if (p > end) {
                throw new FlvException("AV1 OBU header is truncated");
            }
            boolean sized = (header & 0x02) != 0;
            int size = end - p;
            if (sized) {
                long value = 0;
                for (int i = 0; ; i++) {
                    if (p >= end || i == 8) {
                        throw new FlvException("AV1 OBU size field is truncated or too long");
                    }
                    int b = in.getUnsignedByte(p++);
                    value |= (long) (b & 0x7F) << (7 * i);
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
                if (value > end - p) {
                    throw new FlvException("AV1 OBU of " + value + " bytes overruns its frame");
                }
                size = (int) value;
            }
            return new Obu((header >> 3) & 0x0F, sized, headerSize, p, p + size);
        }
    }
}
