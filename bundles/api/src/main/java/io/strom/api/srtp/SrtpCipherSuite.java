package io.strom.api.srtp;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One SRTP protection profile (RFC 5764 names), offered in DTLS {@code use_srtp}. Registered once
 * per profile by a provider bundle; the WebRTC bundle negotiates among those present.
 */
@ConsumerType
public interface SrtpCipherSuite {

    /** Service property: the profile name, equal to {@link #profile()}. */
    String PROFILE = "strom.srtp.profile";

    /** Service property: the provider ({@code jce}, {@code bc}). */
    String PROVIDER = "strom.srtp.provider";

    /** The profile name: {@code SRTP_AEAD_AES_128_GCM}, {@code SRTP_AEAD_AES_256_GCM} or {@code SRTP_AES128_CM_HMAC_SHA1_80}. */
    String profile();

    /** The IANA DTLS-SRTP protection profile id (RFC 5764 / RFC 7714). */
    int profileId();

    /** Master key length in bytes. */
    int keyLength();

    /** Master salt length in bytes. */
    int saltLength();

    /** Bytes the protected packet grows by (tag and, for SRTCP, index). */
    int overhead();

    /** A new context for one direction of one session. */
    SrtpContext createContext(byte[] masterKey, byte[] masterSalt);
}
