package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Reads RTP headers (RFC 3550) in place, at a buffer's reader index, without copying or
 * allocating. {@link #payloadOffset} returns -1 for anything that is not a well-formed RTP
 * packet (too short, not version 2, CSRC list or extension past the end, padding larger than
 * the payload), so callers count and drop it.
 */
public final class RtpPackets {

    /** The fixed header size. */
    public static final int HEADER_SIZE = 12;

    private RtpPackets() {
    }

    /** Offset of the payload from the reader index, or -1 when the packet is malformed. */
    public static int payloadOffset(ByteBuf packet) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        if (length < HEADER_SIZE || (packet.getByte(start) & 0xC0) != 0x80) {
            return -1;
        }
        int offset = HEADER_SIZE + 4 * (packet.getByte(start) & 0x0F);
        if ((packet.getByte(start) & 0x10) != 0) {
            if (length < offset + 4) {
                return -1;
            }
            offset += 4 + 4 * packet.getUnsignedShort(start + offset + 2);
        }
        if (offset > length || offset + padding(packet, length) > length) {
            return -1;
        }
        return offset;
    }

    /** Payload length in bytes (without padding); only for packets {@link #payloadOffset} accepts. */
    public static int payloadLength(ByteBuf packet) {
        int length = packet.readableBytes();
        return length - payloadOffset(packet) - padding(packet, length);
    }

    private static int padding(ByteBuf packet, int length) {
        int start = packet.readerIndex();
        return (packet.getByte(start) & 0x20) != 0 ? packet.getUnsignedByte(start + length - 1) : 0;
    }

    public static boolean marker(ByteBuf packet) {
        return (packet.getByte(packet.readerIndex() + 1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuf packet) {
        return packet.getByte(packet.readerIndex() + 1) & 0x7F;
    }

    public static int sequenceNumber(ByteBuf packet) {
        return packet.getUnsignedShort(packet.readerIndex() + 2);
    }

    public static long timestamp(ByteBuf packet) {
        return packet.getUnsignedInt(packet.readerIndex() + 4);
    }

    public static long ssrc(ByteBuf packet) {
        return packet.getUnsignedInt(packet.readerIndex() + 8);
    }
}
