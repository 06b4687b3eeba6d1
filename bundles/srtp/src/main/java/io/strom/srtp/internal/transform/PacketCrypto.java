package io.strom.srtp.internal.transform;

import java.security.GeneralSecurityException;

/**
 * The cipher work on one packet under one set of session keys (SRTP or SRTCP), in place on an
 * array. Offsets are absolute in {@code a}: {@code off} is the first header byte, {@code end} the
 * end of the part that is (or was) encrypted. The caller has parsed the header and checked lengths.
 */
interface PacketCrypto {

    int tagLength();

    /** Encrypts {@code a[payload, end)} and writes the tag at {@code end}. */
    void sealRtp(byte[] a, int off, int payload, int end, long index) throws GeneralSecurityException;

    /** Authenticates header and payload against the tag at {@code end}, then decrypts; false if forged. */
    boolean openRtp(byte[] a, int off, int payload, int end, long index) throws GeneralSecurityException;

    /**
     * Protects the RTCP compound packet {@code a[off, end)}: encrypts after the first 8 bytes when
     * the E flag of {@code eIndex} is set, and writes the index word and tag in this profile's order.
     */
    void sealRtcp(byte[] a, int off, int end, int eIndex) throws GeneralSecurityException;

    /** Verifies and, with the E flag, decrypts an SRTCP packet whose encrypted part ends at {@code end}. */
    boolean openRtcp(byte[] a, int off, int end, int eIndex) throws GeneralSecurityException;

    /** Where the E-flag/index word of a received SRTCP packet ending at {@code packetEnd} starts. */
    int srtcpIndexPosition(int packetEnd);

    /** Where the encrypted part of a received SRTCP packet ending at {@code packetEnd} ends. */
    int srtcpPayloadEnd(int packetEnd);
}
