package io.strom.srtp.internal.registry;

/**
 * Metatype names and descriptions shared by both providers' {@code Config}: each bundle needs its
 * own component class (its PID and default ranking differ), but the attributes mean the same.
 */
public final class ConfigText {

    public static final String GCM_128 = "SRTP_AEAD_AES_128_GCM";
    public static final String GCM_256 = "SRTP_AEAD_AES_256_GCM";
    public static final String CM_80 = "SRTP_AES128_CM_HMAC_SHA1_80";

    public static final String PROFILES = "Profiles";
    public static final String PROFILES_DESCRIPTION = "Profiles to offer, most preferred first: " + GCM_128 + ", "
            + GCM_256 + ", " + CM_80 + ". GCM is faster where AES-NI helps and authenticates with the cipher; CM is "
            + "what older peers support. An unknown or repeated name is rejected and the running suites are kept.";

    public static final String GCM_ONLY = "GCM only";
    public static final String GCM_ONLY_DESCRIPTION = "Never offer " + CM_80 + ", even if listed: peers without "
            + "AES-GCM then cannot connect.";

    public static final String RANKING = "Ranking";
    public static final String RANKING_DESCRIPTION = "Base service.ranking; each suite adds 30, 20 or 10 by its place "
            + "in the list. The JCE provider defaults to 100 and Bouncy Castle to 0, so the JCE suites are chosen "
            + "while both run and Bouncy Castle's take over when the JCE bundle stops or is ranked lower.";

    private ConfigText() {
    }
}
