package io.strom.srtp.internal.transform;

import java.security.GeneralSecurityException;

/**
 * RFC 7714 AES-GCM. SRTP: IV {@code (00 00 || SSRC || ROC || SEQ) XOR salt}, AAD the whole RTP
 * header (CSRCs and extension included), tag after the payload. SRTCP: IV
 * {@code (00 00 || SSRC || 00 00 || 0 || index) XOR salt}, AAD the first 8 header bytes and then
 * the E-flag/index word, which follows the tag on the wire; with the E flag clear the whole packet
 * is AAD and the plaintext is empty (section 9.3).
 */
final class GcmCrypto implements PacketCrypto {

    private final AesGcm gcm;
    private final byte[] salt;
    private final byte[] iv = new byte[12];
    private final byte[] word = new byte[SrtpProfile.SRTCP_INDEX_LENGTH];

    GcmCrypto(AesGcm gcm, byte[] sessionSalt) {
        this.gcm = gcm;
        this.salt = sessionSalt;
    }

    @Override
    public int tagLength() {
        return AesGcm.TAG_LENGTH;
    }

    @Override
    public void sealRtp(byte[] a, int off, int payload, int end, long index) throws GeneralSecurityException {
        gcm.start(true, rtpIv(a, off, index));
        gcm.aad(a, off, payload - off);
        gcm.seal(a, payload, end - payload);
    }

    @Override
    public boolean openRtp(byte[] a, int off, int payload, int end, long index) throws GeneralSecurityException {
        gcm.start(false, rtpIv(a, off, index));
        gcm.aad(a, off, payload - off);
        return gcm.open(a, payload, end + AesGcm.TAG_LENGTH - payload);
    }

    @Override
    public void sealRtcp(byte[] a, int off, int end, int eIndex) throws GeneralSecurityException {
        int plain = startRtcp(true, a, off, end, eIndex);
        gcm.seal(a, plain, end - plain);
        Bytes.putInt32(a, end + AesGcm.TAG_LENGTH, eIndex);
    }

    @Override
    public boolean openRtcp(byte[] a, int off, int end, int eIndex) throws GeneralSecurityException {
        int plain = startRtcp(false, a, off, end, eIndex);
        return gcm.open(a, plain, end + AesGcm.TAG_LENGTH - plain);
    }

    /** Starts an SRTCP packet and feeds its AAD; returns where the plaintext begins. */
    private int startRtcp(boolean encrypt, byte[] a, int off, int end, int eIndex) throws GeneralSecurityException {
        System.arraycopy(salt, 0, iv, 0, iv.length);
        Bytes.xorBigEndian(iv, 2, Bytes.int32(a, off + 4) & 0xffffffffL, 4);
        Bytes.xorBigEndian(iv, 8, eIndex & 0x7fffffff, 4);
        gcm.start(encrypt, iv);
        int plain = eIndex < 0 ? off + 8 : end;
        gcm.aad(a, off, plain - off);
        Bytes.putInt32(word, 0, eIndex);
        gcm.aad(word, 0, word.length);
        return plain;
    }

    @Override
    public int srtcpIndexPosition(int packetEnd) {
        return packetEnd - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    @Override
    public int srtcpPayloadEnd(int packetEnd) {
        return packetEnd - SrtpProfile.SRTCP_INDEX_LENGTH - AesGcm.TAG_LENGTH;
    }

    private byte[] rtpIv(byte[] a, int off, long index) {
        System.arraycopy(salt, 0, iv, 0, iv.length);
        Bytes.xorBigEndian(iv, 2, Bytes.int32(a, off + 8) & 0xffffffffL, 4);
        Bytes.xorBigEndian(iv, 6, index, 6);
        return iv;
    }
}
