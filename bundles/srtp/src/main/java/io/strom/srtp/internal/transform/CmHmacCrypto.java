package io.strom.srtp.internal.transform;

import java.security.GeneralSecurityException;

/**
 * RFC 3711 AES-CM encryption with an HMAC-SHA1 tag truncated to 80 bits. The IV is
 * {@code (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16)}; the RTP tag covers header,
 * encrypted payload and the rollover counter, the SRTCP tag covers the packet and its index word,
 * which precedes the tag.
 */
final class CmHmacCrypto implements PacketCrypto {

    static final int TAG_LENGTH = 10;

    private final AesCtr ctr;
    private final HmacSha1 mac;
    private final byte[] salt;
    private final byte[] iv = new byte[16];
    private final byte[] roc = new byte[4];
    private final byte[] digest = new byte[HmacSha1.LENGTH];

    CmHmacCrypto(AesCtr ctr, HmacSha1 mac, byte[] sessionSalt) {
        this.ctr = ctr;
        this.mac = mac;
        this.salt = sessionSalt;
    }

    @Override
    public int tagLength() {
        return TAG_LENGTH;
    }

    @Override
    public void sealRtp(byte[] a, int off, int payload, int end, long index) throws GeneralSecurityException {
        encrypt(a, payload, end, Bytes.int32(a, off + 8), index);
        mac(a, off, end, index >>> 16);
        System.arraycopy(digest, 0, a, end, TAG_LENGTH);
    }

    @Override
    public boolean openRtp(byte[] a, int off, int payload, int end, long index) throws GeneralSecurityException {
        mac(a, off, end, index >>> 16);
        if (!Bytes.equalInConstantTime(digest, 0, a, end, TAG_LENGTH)) {
            return false;
        }
        encrypt(a, payload, end, Bytes.int32(a, off + 8), index);
        return true;
    }

    @Override
    public void sealRtcp(byte[] a, int off, int end, int eIndex) throws GeneralSecurityException {
        if (eIndex < 0) {
            encrypt(a, off + 8, end, Bytes.int32(a, off + 4), eIndex & 0x7fffffff);
        }
        Bytes.putInt32(a, end, eIndex);
        mac(a, off, end + SrtpProfile.SRTCP_INDEX_LENGTH, -1);
        System.arraycopy(digest, 0, a, end + SrtpProfile.SRTCP_INDEX_LENGTH, TAG_LENGTH);
    }

    @Override
    public boolean openRtcp(byte[] a, int off, int end, int eIndex) throws GeneralSecurityException {
        int tagAt = end + SrtpProfile.SRTCP_INDEX_LENGTH;
        mac(a, off, tagAt, -1);
        if (!Bytes.equalInConstantTime(digest, 0, a, tagAt, TAG_LENGTH)) {
            return false;
        }
        if (eIndex < 0) {
            encrypt(a, off + 8, end, Bytes.int32(a, off + 4), eIndex & 0x7fffffff);
        }
        return true;
    }

    @Override
    public int srtcpIndexPosition(int packetEnd) {
        return packetEnd - TAG_LENGTH - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    @Override
    public int srtcpPayloadEnd(int packetEnd) {
        return srtcpIndexPosition(packetEnd);
    }

    private void encrypt(byte[] a, int from, int to, int ssrc, long index) throws GeneralSecurityException {
        System.arraycopy(salt, 0, iv, 0, salt.length);
        iv[14] = 0;
        iv[15] = 0;
        Bytes.xorBigEndian(iv, 4, ssrc & 0xffffffffL, 4);
        Bytes.xorBigEndian(iv, 8, index, 6);
        ctr.apply(iv, a, from, to - from);
    }

    /** MACs {@code a[from, to)}, then the rollover counter unless {@code rolloverCounter} is negative (SRTCP). */
    private void mac(byte[] a, int from, int to, long rolloverCounter) throws GeneralSecurityException {
        mac.update(a, from, to - from);
        if (rolloverCounter >= 0) {
            Bytes.putInt32(roc, 0, (int) rolloverCounter);
            mac.update(roc, 0, roc.length);
        }
        mac.finish(digest, 0);
    }
}
