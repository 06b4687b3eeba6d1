package io.strom.webrtc.internal;

import io.netty.buffer.ByteBuf;

/**
 * Writes the RTCP feedback a receiver sends its publisher: generic NACK (RFC 4585 6.2.1), PLI
 * (RFC 4585 6.3.1) and REMB (draft-alvestrand-rmcat-remb), each appended to a compound packet.
 */
final class RtcpRequests {

    /** The most NACK items (a base sequence number and 16 following) one packet carries. */
    static final int MAX_NACK_ITEMS = 16;

    private RtcpRequests() {
    }

    /** A PLI asking {@code mediaSsrc} for a keyframe. */
    static void writePli(ByteBuf out, long senderSsrc, long mediaSsrc) {
        out.writeByte(0x80 | 1).writeByte(RtcpFeedback.PSFB).writeShort(2);
        out.writeInt((int) senderSsrc).writeInt((int) mediaSsrc);
    }

    /**
     * A generic NACK for the sorted 16-bit sequence numbers {@code missing[0..count)}: each item
     * is a base number and a bitmask of the 16 numbers after it. Returns how many numbers it
     * covered (the rest need another packet once {@link #MAX_NACK_ITEMS} items are used).
     */
    static int writeNack(ByteBuf out, long senderSsrc, long mediaSsrc, int[] missing, int count) {
        int start = out.writerIndex();
        out.writeByte(0x80 | 1).writeByte(RtcpFeedback.RTPFB).writeShort(0);
        out.writeInt((int) senderSsrc).writeInt((int) mediaSsrc);
        int items = 0;
        int i = 0;
        while (i < count && items < MAX_NACK_ITEMS) {
            int base = missing[i++];
            int mask = 0;
            while (i < count) {
                int step = (missing[i] - base) & 0xFFFF;
                if (step < 1 || step > 16) {
                    break;
                }
                mask |= 1 << (step - 1);
                i++;
            }
            out.writeShort(base).writeShort(mask);
            items++;
        }
        out.setShort(start + 2, 2 + items);
        return i;
    }

    /** A REMB of {@code bitsPerSecond} for the streams {@code ssrcs}. */
    static void writeRemb(ByteBuf out, long senderSsrc, long bitsPerSecond, long... ssrcs) {
        int exponent = 0;
        long mantissa = bitsPerSecond;
        while (mantissa > 0x3FFFF) { // an 18-bit mantissa and a 6-bit exponent
            mantissa >>= 1;
            exponent++;
        }
        out.writeByte(0x80 | 15).writeByte(RtcpFeedback.PSFB).writeShort(4 + ssrcs.length);
        out.writeInt((int) senderSsrc).writeInt(0);
        out.writeByte('R').writeByte('E').writeByte('M').writeByte('B');
        out.writeByte(ssrcs.length).writeByte((exponent << 2) | (int) (mantissa >>> 16)).writeShort((int) mantissa);
        for (long ssrc : ssrcs) {
            out.writeInt((int) ssrc);
        }
    }
}
