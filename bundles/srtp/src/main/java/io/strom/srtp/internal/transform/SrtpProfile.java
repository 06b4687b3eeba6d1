package io.strom.srtp.internal.transform;

/**
 * The three protection profiles Strom offers, with their RFC 5764 / RFC 7714 names and ids. The
 * GCM profiles carry a 16-byte tag and a 12-byte salt (RFC 7714); the CM profile a 10-byte
 * HMAC-SHA1 tag and a 14-byte salt (RFC 3711).
 */
public enum SrtpProfile {

    SRTP_AEAD_AES_128_GCM(0x0007, 16, 12, 16, true),
    SRTP_AEAD_AES_256_GCM(0x0008, 32, 12, 16, true),
    SRTP_AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10, false);

    /** The SRTCP trailer word: the E flag and the 31-bit SRTCP index. */
    static final int SRTCP_INDEX_LENGTH = 4;

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;
    private final boolean aead;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength, boolean aead) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
        this.aead = aead;
    }

    /** The profile of that RFC 5764 name, or null. */
    public static SrtpProfile byName(String name) {
        for (SrtpProfile p : values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    public int id() {
        return id;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    public int tagLength() {
        return tagLength;
    }

    /** True for the AES-GCM profiles, which authenticate with the cipher and need no HMAC key. */
    public boolean aead() {
        return aead;
    }

    /** What a protected packet grows by at most: the tag, plus the SRTCP index word for RTCP. */
    public int overhead() {
        return tagLength + SRTCP_INDEX_LENGTH;
    }
}
