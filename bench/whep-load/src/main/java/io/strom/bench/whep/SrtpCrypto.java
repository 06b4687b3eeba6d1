package io.strom.bench.whep;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of an SRTP session on the JDK's AES: RFC 3711 key derivation (key derivation
 * rate 0), and either AES_CM_128_HMAC_SHA1_80 (RFC 3711) or AEAD_AES_128_GCM (RFC 7714). The
 * reader uses the server's direction to authenticate and decrypt sampled RTP packets and its
 * own direction to protect the RTCP it sends. Not thread-safe: one per reader and direction.
 */
final class SrtpCrypto {
    /** use_srtp profile IDs (RFC 5764, RFC 7714). */
    static final int AES128_CM_HMAC_SHA1_80 = 0x0001;
    static final int AEAD_AES_128_GCM = 0x0007;

    private static final int KEY_LENGTH = 16;
    private static final int CM_TAG = 10;
    private static final int GCM_TAG = 16;

    private final boolean gcm;
    private final SecretKeySpec rtpKey;
    private final byte[] rtpSalt;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtcpSalt;
    private final Cipher cipher;
    private final Mac rtpMac;
    private final Mac rtcpMac;
    private final byte[] iv16 = new byte[16];
    private final byte[] iv12 = new byte[12];
    private final byte[] tag = new byte[20];
    private final byte[] roc = new byte[4];

    static int saltLength(int profile) {
        return profile == AEAD_AES_128_GCM ? 12 : 14;
    }

    static int keyLength(int profile) {
        return KEY_LENGTH;
    }

    SrtpCrypto(int profile, byte[] masterKey, byte[] masterSalt) throws GeneralSecurityException {
        if (profile != AES128_CM_HMAC_SHA1_80 && profile != AEAD_AES_128_GCM) {
            throw new IllegalArgumentException("SRTP profile " + profile + " is not supported here");
        }
        gcm = profile == AEAD_AES_128_GCM;
        int saltLength = saltLength(profile);
        rtpKey = new SecretKeySpec(derive(masterKey, masterSalt, 0, KEY_LENGTH), "AES");
        rtpSalt = derive(masterKey, masterSalt, 2, saltLength);
        rtcpKey = new SecretKeySpec(derive(masterKey, masterSalt, 3, KEY_LENGTH), "AES");
        rtcpSalt = derive(masterKey, masterSalt, 5, saltLength);
        if (gcm) {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            rtpMac = null;
            rtcpMac = null;
        } else {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            rtpMac = Mac.getInstance("HmacSHA1");
            rtpMac.init(new SecretKeySpec(derive(masterKey, masterSalt, 1, 20), "HmacSHA1"));
            rtcpMac = Mac.getInstance("HmacSHA1");
            rtcpMac.init(new SecretKeySpec(derive(masterKey, masterSalt, 4, 20), "HmacSHA1"));
        }
    }

    /**
     * RFC 3711 4.3.1: the AES-CM key stream of the master key from {@code (salt XOR label << 48) * 2^16}.
     * A 12-byte GCM master salt is padded with two zero bytes at its end (RFC 7714 section 11 as
     * libsrtp and browsers implement it).
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
        return c.doFinal(new byte[length]);
    }

    /** The SRTP overhead after the payload: the tag. */
    int rtpTagLength() {
        return gcm ? GCM_TAG : CM_TAG;
    }

    /**
     * Authenticates and decrypts the SRTP packet {@code in[0..length)} into {@code out} (header
     * copied, payload decrypted).
     *
     * @param index the packet's 48-bit index, ROC * 65536 + SEQ
     * @return the length of the plain RTP packet in {@code out}, or -1 when authentication fails
     */
    int unprotectRtp(byte[] in, int length, long index, byte[] out) throws GeneralSecurityException {
        int header = rtpHeaderLength(in, length);
        int tagLength = rtpTagLength();
        if (header < 0 || length < header + tagLength) {
            return -1;
        }
        long ssrc = readInt(in, 8);
        System.arraycopy(in, 0, out, 0, header);
        if (gcm) {
            iv12[0] = 0;
            iv12[1] = 0;
            writeInt(iv12, 2, ssrc);
            writeInt(iv12, 6, index >>> 16);
            iv12[10] = (byte) (index >>> 8);
            iv12[11] = (byte) index;
            for (int i = 0; i < 12; i++) {
                iv12[i] ^= rtpSalt[i];
            }
            cipher.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(GCM_TAG * 8, iv12));
            cipher.updateAAD(in, 0, header);
            try {
                return header + cipher.doFinal(in, header, length - header, out, header);
            } catch (javax.crypto.AEADBadTagException e) {
                return -1;
            }
        }
        int authenticated = length - CM_TAG;
        rtpMac.update(in, 0, authenticated);
        writeInt(roc, 0, index >>> 16);
        rtpMac.update(roc);
        rtpMac.doFinal(tag, 0);
        int diff = 0;
        for (int i = 0; i < CM_TAG; i++) {
            diff |= tag[i] ^ in[authenticated + i];
        }
        if (diff != 0) {
            return -1;
        }
        cmIv(rtpSalt, ssrc, index);
        cipher.init(Cipher.DECRYPT_MODE, rtpKey, new IvParameterSpec(iv16));
        return header + cipher.doFinal(in, header, authenticated - header, out, header);
    }

    /**
     * Protects the compound RTCP packet {@code packet[0..length)} in place (the array needs 20
     * spare bytes): encrypts all after the first 8 bytes, appends E||index and the tag.
     *
     * @return the SRTCP length
     */
    int protectRtcp(byte[] packet, int length, int index) throws GeneralSecurityException {
        long ssrc = readInt(packet, 4);
        long eIndex = 0x80000000L | (index & 0x7FFFFFFFL);
        if (gcm) {
            iv12[0] = 0;
            iv12[1] = 0;
            writeInt(iv12, 2, ssrc);
            iv12[6] = 0;
            iv12[7] = 0;
            writeInt(iv12, 8, index & 0x7FFFFFFFL);
            for (int i = 0; i < 12; i++) {
                iv12[i] ^= rtcpSalt[i];
            }
            cipher.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(GCM_TAG * 8, iv12));
            cipher.updateAAD(packet, 0, 8);
            writeInt(roc, 0, eIndex);
            cipher.updateAAD(roc);
            byte[] sealed = cipher.doFinal(packet, 8, length - 8);
            System.arraycopy(sealed, 0, packet, 8, sealed.length);
            int end = 8 + sealed.length;
            writeInt(packet, end, eIndex);
            return end + 4;
        }
        cmIv(rtcpSalt, ssrc, index & 0x7FFFFFFFL);
        cipher.init(Cipher.ENCRYPT_MODE, rtcpKey, new IvParameterSpec(iv16));
        byte[] encrypted = cipher.doFinal(packet, 8, length - 8);
        System.arraycopy(encrypted, 0, packet, 8, encrypted.length);
        writeInt(packet, length, eIndex);
        rtcpMac.update(packet, 0, length + 4);
        rtcpMac.doFinal(tag, 0);
        System.arraycopy(tag, 0, packet, length + 4, CM_TAG);
        return length + 4 + CM_TAG;
    }

    /** {@code (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16)} into iv16. */
    private void cmIv(byte[] salt, long ssrc, long index) {
        System.arraycopy(salt, 0, iv16, 0, 14);
        iv16[14] = 0;
        iv16[15] = 0;
        iv16[4] ^= (byte) (ssrc >>> 24);
        iv16[5] ^= (byte) (ssrc >>> 16);
        iv16[6] ^= (byte) (ssrc >>> 8);
        iv16[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv16[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
    }

    /** The RTP header length with CSRCs and extension, or -1 when the packet is too short for it. */
    static int rtpHeaderLength(byte[] p, int length) {
        if (length < 12) {
            return -1;
        }
        int header = 12 + 4 * (p[0] & 0x0F);
        if ((p[0] & 0x10) != 0) {
            if (length < header + 4) {
                return -1;
            }
            header += 4 + 4 * (((p[header + 2] & 0xFF) << 8) | (p[header + 3] & 0xFF));
        }
        return header <= length ? header : -1;
    }

    static long readInt(byte[] b, int off) {
        return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL);
    }

    static void writeInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
