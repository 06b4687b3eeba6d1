package io.strom.srtp.internal.transform;

import java.security.GeneralSecurityException;

/** HMAC-SHA1 under one key; {@link #finish} leaves it ready for the next message. */
public interface HmacSha1 {

    int LENGTH = 20;

    void update(byte[] data, int offset, int length) throws GeneralSecurityException;

    /** Writes the 20-byte MAC to {@code out[offset]} and resets to the keyed state. */
    void finish(byte[] out, int offset) throws GeneralSecurityException;
}
