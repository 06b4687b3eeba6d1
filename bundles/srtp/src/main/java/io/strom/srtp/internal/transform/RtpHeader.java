package io.strom.srtp.internal.transform;

/** RTP and RTCP header checks on an array: where the RTP payload starts (RFC 3550 section 5.1). */
final class RtpHeader {

    static final int FIXED_LENGTH = 12;
    static final int RTCP_HEADER_LENGTH = 8;

    private RtpHeader() {
    }

    /**
     * The offset of the payload of the RTP packet {@code a[off, off + length)}: after the fixed
     * header, the CSRCs and the header extension.
     *
     * @throws PacketRejected if it is not RTP version 2 or the header runs past {@code length}
     */
    static int payloadOffset(byte[] a, int off, int length) throws PacketRejected {
        if (length < FIXED_LENGTH) {
            throw new PacketRejected("RTP packet of " + length + " bytes is shorter than its 12-byte header");
        }
        int first = a[off] & 0xff;
        if (first >>> 6 != 2) {
            throw new PacketRejected("RTP version " + (first >>> 6) + ", not 2");
        }
        int header = FIXED_LENGTH + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (header + 4 > length) {
                throw new PacketRejected("RTP header extension starts past the end of a " + length + "-byte packet");
            }
            header += 4 + 4 * Bytes.u16(a, off + header + 2);
        }
        if (header > length) {
            throw new PacketRejected("RTP header of " + header + " bytes runs past the end of a " + length
                    + "-byte packet");
        }
        return off + header;
    }

    /** @throws PacketRejected if {@code a[off, off + length)} is not an RTCP version-2 packet of at least 8 bytes */
    static void checkRtcp(byte[] a, int off, int length) throws PacketRejected {
        if (length < RTCP_HEADER_LENGTH) {
            throw new PacketRejected("RTCP packet of " + length + " bytes is shorter than its 8-byte header");
        }
        if ((a[off] & 0xff) >>> 6 != 2) {
            throw new PacketRejected("RTCP version " + ((a[off] & 0xff) >>> 6) + ", not 2");
        }
    }
}
