package io.strom.srtp.internal.transform;

import java.security.GeneralSecurityException;

/** AES in counter mode under one key: the SRTP key-derivation PRF and the AES-CM payload cipher. */
public interface AesCtr {

    /**
     * XORs the key stream that starts at counter block {@code iv} (16 bytes, the whole block
     * incremented as a 128-bit big-endian number) into {@code data[offset, offset + length)}.
     */
    void apply(byte[] iv, byte[] data, int offset, int length) throws GeneralSecurityException;
}
