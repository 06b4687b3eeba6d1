package io.strom.webrtc.internal.dtls;

/**
 * The DTLS-SRTP protection profiles this server can key, with the master key and salt lengths
 * that size the RFC 5764 keying material export.
 *
 * <p>Ids are the IANA "DTLS-SRTP Protection Profiles" values carried in {@code use_srtp}; the
 * lengths come from RFC 5764 section 4.1.2 (AES-CM) and RFC 7714 section 12 (AES-GCM).
 */
public enum SrtpProfile {
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14),
    AES128_CM_HMAC_SHA1_32(0x0002, 16, 14),
    AEAD_AES_128_GCM(0x0007, 16, 12),
    AEAD_AES_256_GCM(0x0008, 32, 12);

    private final int id;
    private final int keyLength;
    private final int saltLength;

    SrtpProfile(int id, int keyLength, int saltLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
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

    /** Keying material to export: a key and a salt for each direction. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this id, or null when this server cannot key it. */
    public static SrtpProfile forId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return profile;
            }
        }
        return null;
    }

    /** Ids as SDP-free hex for failure messages, e.g. {@code [0x0007, 0x0001]}. */
    static String describe(int[] ids) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(String.format("0x%04X", ids[i]));
        }
        return sb.append(']').toString();
    }
}
