package io.strom.webrtc.internal.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * A certificate fingerprint as SDP's {@code a=fingerprint} carries it (RFC 8122): a hash function
 * name from the IANA "Hash Function Textual Names" registry and the hash of the DER certificate as
 * colon-separated uppercase hex.
 *
 * <p>Hashing uses the JDK's {@link MessageDigest}, whose SHA-1/SHA-2 names every Java runtime
 * provides, so no provider has to be registered inside OSGi. md5 and md2 (also in the registry)
 * are refused as too weak to authenticate a peer.
 */
public final class DtlsFingerprint {
    private final String algorithm;
    private final byte[] hash;

    private DtlsFingerprint(String algorithm, byte[] hash) {
        this.algorithm = algorithm;
        this.hash = hash;
    }

    /**
     * Parses the two fields of an {@code a=fingerprint} attribute.
     *
     * @throws IllegalArgumentException for an unsupported hash function, malformed hex or a
     *         value whose length does not fit the hash function
     */
    public static DtlsFingerprint parse(String algorithm, String value) {
        String name = algorithm.trim().toLowerCase(Locale.ROOT);
        int expected = newDigest(name).getDigestLength();
        String[] octets = value.trim().split(":", -1);
        if (octets.length != expected) {
            throw new IllegalArgumentException(name + " fingerprint needs " + expected
                    + " octets, got " + octets.length);
        }
        byte[] hash = new byte[expected];
        for (int i = 0; i < expected; i++) {
            hash[i] = (byte) parseOctet(octets[i]);
        }
        return new DtlsFingerprint(name, hash);
    }

    /** The fingerprint of a DER-encoded certificate with the given hash function. */
    public static DtlsFingerprint of(String algorithm, byte[] derCertificate) {
        String name = algorithm.trim().toLowerCase(Locale.ROOT);
        return new DtlsFingerprint(name, newDigest(name).digest(derCertificate));
    }

    /** Whether this fingerprint is that of the DER-encoded certificate, compared in constant time. */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(hash, newDigest(algorithm).digest(derCertificate));
    }

    /** The hash function's SDP name, lowercase ({@code sha-256}). */
    public String algorithm() {
        return algorithm;
    }

    /** The value as SDP writes it: {@code AB:CD:...}, uppercase hex. */
    public String value() {
        StringBuilder sb = new StringBuilder(hash.length * 3);
        for (int i = 0; i < hash.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.toUpperCase(Character.forDigit((hash[i] >> 4) & 0xF, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(hash[i] & 0xF, 16)));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return algorithm + " " + value();
    }

    private static int parseOctet(String octet) {
        int high = octet.length() == 2 ? Character.digit(octet.charAt(0), 16) : -1;
        int low = octet.length() == 2 ? Character.digit(octet.charAt(1), 16) : -1;
        if (high < 0 || low < 0) {
            throw new IllegalArgumentException("not a hex octet: '" + octet + "'");
        }
        return (high << 4) | low;
    }

    /** Maps the RFC 8122 names to JDK digest names; only SHA-1 and the SHA-2 family are accepted. */
    private static MessageDigest newDigest(String sdpName) {
        String jdkName;
        switch (sdpName) {
            case "sha-1":
            case "sha-224":
            case "sha-256":
            case "sha-384":
            case "sha-512":
                jdkName = sdpName.toUpperCase(Locale.ROOT);
                break;
            default:
                throw new IllegalArgumentException("unsupported fingerprint hash function '" + sdpName
                        + "' (supported: sha-1, sha-224, sha-256, sha-384, sha-512)");
        }
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide SHA-1 and SHA-256; the others are in all JDKs we run on.
            throw new IllegalStateException(jdkName + " missing from the Java runtime", e);
        }
    }
}
