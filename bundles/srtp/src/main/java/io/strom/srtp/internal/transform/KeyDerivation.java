package io.strom.srtp.internal.transform;

import java.security.GeneralSecurityException;

/**
 * The RFC 3711 section 4.3 key derivation with key_derivation_rate 0: each session key is the
 * AES-CM key stream of the master key, started at {@code (master_salt XOR label << 48) * 2^16}.
 *
 * <p>A 12-byte GCM master salt (RFC 7714 section 11) is padded with two zero bytes at its end to
 * the 14 bytes of the formula, as libsrtp and therefore browsers do.
 */
public final class KeyDerivation {

    public static final int LABEL_RTP_ENCRYPTION = 0;
    public static final int LABEL_RTP_AUTH = 1;
    public static final int LABEL_RTP_SALT = 2;
    public static final int LABEL_RTCP_ENCRYPTION = 3;
    public static final int LABEL_RTCP_AUTH = 4;
    public static final int LABEL_RTCP_SALT = 5;

    /** Where the label byte sits in the 14-byte salt: seven bytes (label and 48-bit r) from the right. */
    private static final int LABEL_POSITION = 7;

    private final AesCtr prf;
    private final byte[] salt = new byte[14];

    public KeyDerivation(CipherPrimitives primitives, byte[] masterKey, byte[] masterSalt)
            throws GeneralSecurityException {
        if (masterSalt.length > salt.length) {
            throw new IllegalArgumentException("master salt of " + masterSalt.length + " bytes; at most 14");
        }
        this.prf = primitives.aesCtr(masterKey);
        System.arraycopy(masterSalt, 0, salt, 0, masterSalt.length);
    }

    /** The session key or salt of that label, {@code length} bytes long. */
    public byte[] derive(int label, int length) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        System.arraycopy(salt, 0, iv, 0, salt.length);
        iv[LABEL_POSITION] ^= (byte) label;
        byte[] out = new byte[length];
        prf.apply(iv, out, 0, length);
        return out;
    }
}
