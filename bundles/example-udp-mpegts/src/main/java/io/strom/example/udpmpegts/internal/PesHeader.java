package io.strom.example.udpmpegts.internal;

import io.netty.buffer.ByteBuf;

/**
 * Reads the header of a reassembled PES packet (ISO/IEC 13818-1, 2.4.3.6): where the payload
 * starts and its PTS and DTS, 33-bit values in 90 kHz. Stateless.
 */
final class PesHeader {

    /** Returned by {@link #payloadOffset} for a buffer that is not a PES packet. */
    static final int INVALID = -1;
    /** A timestamp the header does not carry. */
    static final long NONE = -1;

    private PesHeader() {
    }

    /** The offset of the payload from {@code pes}'s reader index, or {@link #INVALID}. */
    static int payloadOffset(ByteBuf pes) {
        int start = pes.readerIndex();
        if (pes.readableBytes() < 9 || pes.getUnsignedMedium(start) != 0x000001) {
            return INVALID;
        }
        int offset = 9 + pes.getUnsignedByte(start + 8);
        return offset <= pes.readableBytes() ? offset : INVALID;
    }

    /** The PTS, or {@link #NONE}; call only after {@link #payloadOffset} accepted the buffer. */
    static long pts(ByteBuf pes) {
        int flags = pes.getUnsignedByte(pes.readerIndex() + 7) >> 6;
        return (flags & 0b10) != 0 && headerLength(pes) >= 5 ? timestamp(pes, pes.readerIndex() + 9) : NONE;
    }

    /** The DTS, or the PTS when the header has none (no reordering), or {@link #NONE}. */
    static long dts(ByteBuf pes) {
        int flags = pes.getUnsignedByte(pes.readerIndex() + 7) >> 6;
        return flags == 0b11 && headerLength(pes) >= 10 ? timestamp(pes, pes.readerIndex() + 14) : pts(pes);
    }

    private static int headerLength(ByteBuf pes) {
        return pes.getUnsignedByte(pes.readerIndex() + 8);
    }

    /** 33 bits spread over 5 bytes, each part followed by a marker bit. */
    private static long timestamp(ByteBuf b, int at) {
        return ((long) (b.getUnsignedByte(at) & 0x0E) << 29)
                | ((long) b.getUnsignedShort(at + 1) >> 1 << 15)
                | ((long) b.getUnsignedShort(at + 3) >> 1);
    }
}
