package io.strom.webrtc.internal;

import io.netty.buffer.ByteBuf;

/**
 * Reads the RTCP a WebRTC receiver sends back (RFC 3550 receiver reports, RFC 4585 generic NACK
 * and PLI, RFC 5104 FIR) from a decrypted compound packet, in place.
 */
final class RtcpFeedback {

    static final int RR = 201;
    static final int RTPFB = 205;
    static final int PSFB = 206;

    /** What the feedback asks for; called on the session's thread. */
    interface Handler {
        /** The receiver misses packet {@code sequenceNumber} of {@code mediaSsrc}. */
        void nack(long mediaSsrc, int sequenceNumber);

        /** The receiver needs a keyframe of {@code mediaSsrc} (PLI or FIR). */
        void keyframeRequest(long mediaSsrc, boolean fir);

        /** A report block about {@code mediaSsrc}. */
        void receiverReport(long mediaSsrc, int fractionLost, int cumulativeLost, long jitter);
    }

    private RtcpFeedback() {
    }

    /**
     * Walks a compound packet and calls {@code handler} for each item it understands.
     *
     * @return false when the packet is malformed (what came before the bad part was handled)
     */
    static boolean read(ByteBuf packet, Handler handler) {
        int pos = packet.readerIndex();
        int end = packet.writerIndex();
        while (pos < end) {
            if (end - pos < 4 || (packet.getByte(pos) & 0xC0) != 0x80) {
                return false;
            }
            int count = packet.getByte(pos) & 0x1F;
            int type = packet.getUnsignedByte(pos + 1);
            int length = (packet.getUnsignedShort(pos + 2) + 1) * 4;
            if (pos + length > end) {
                return false;
            }
            switch (type) {
                case RR -> reportBlocks(packet, pos + 8, count, pos + length, handler);
                case RTPFB -> {
                    if (count == 1 && length >= 12) {
                        nacks(packet, pos, length, handler);
                    }
                }
                case PSFB -> {
                    if (count == 1 && length >= 12) {
                        handler.keyframeRequest(packet.getUnsignedInt(pos + 8), false);
                    } else if (count == 4 && length >= 20) {
                        for (int fci = pos + 12; fci + 8 <= pos + length; fci += 8) {
                            handler.keyframeRequest(packet.getUnsignedInt(fci), true);
                        }
                    }
                }
                default -> {
                    // SR, SDES, BYE, REMB, transport-cc: nothing to do for a sender without congestion control
                }
            }
            pos += length;
        }
        return true;
    }

    private static void reportBlocks(ByteBuf packet, int pos, int count, int end, Handler handler) {
        for (int i = 0; i < count && pos + 24 <= end; i++, pos += 24) {
            int lost = packet.getInt(pos + 4);
            handler.receiverReport(packet.getUnsignedInt(pos), lost >>> 24, lost << 8 >> 8, packet.getUnsignedInt(pos + 12));
        }
    }

    private static void nacks(ByteBuf packet, int pos, int length, Handler handler) {
        long mediaSsrc = packet.getUnsignedInt(pos + 8);
        for (int fci = pos + 12; fci + 4 <= pos + length; fci += 4) {
            int pid = packet.getUnsignedShort(fci);
            int blp = packet.getUnsignedShort(fci + 2);
            handler.nack(mediaSsrc, pid);
            for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    handler.nack(mediaSsrc, (pid + bit + 1) & 0xFFFF);
                }
            }
        }
    }
}
