package io.strom.srtp.internal.transform;

import java.security.GeneralSecurityException;

/**
 * AES-GCM with a 16-byte tag under one key, used as start, any number of {@link #aad} calls, then
 * {@link #seal} or {@link #open}. The SRTCP AAD is two separate pieces, hence the calls.
 */
public interface AesGcm {

    /** The tag length of every SRTP AEAD profile. */
    int TAG_LENGTH = 16;

    /** Starts one packet with a 12-byte IV. */
    void start(boolean encrypt, byte[] iv) throws GeneralSecurityException;

    void aad(byte[] data, int offset, int length) throws GeneralSecurityException;

    /** Encrypts {@code data[offset, offset + length)} in place and writes the tag right after it. */
    void seal(byte[] data, int offset, int length) throws GeneralSecurityException;

    /**
     * Verifies and decrypts {@code data[offset, offset + length)}, ciphertext then tag, leaving the
     * plaintext at {@code offset}; false when the tag does not verify.
     */
    boolean open(byte[] data, int offset, int length) throws GeneralSecurityException;
}
