package io.strom.srtp.internal.transform;

import java.security.GeneralSecurityException;

/**
 * The cipher primitives of one crypto provider. What they create is used by one thread (one
 * {@link SrtpSessionContext}), so implementations keep their per-packet state in fields.
 */
public interface CipherPrimitives {

    /** The value of the {@code strom.srtp.provider} service property: {@code jce} or {@code bc}. */
    String provider();

    AesCtr aesCtr(byte[] key) throws GeneralSecurityException;

    AesGcm aesGcm(byte[] key) throws GeneralSecurityException;

    HmacSha1 hmacSha1(byte[] key) throws GeneralSecurityException;
}
