package io.strom.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One entry of {@code authInternalUsers}, parsed from its configuration line:
 * {@code user=NAME pass=SECRET ips=NET,NET permissions=ACTION[:PATH],...}. The user
 * {@code any} with no password matches every client (MediaMTX's anonymous access). A password
 * is plain or {@code sha256:BASE64} (the SHA-256 of the password, base64-encoded, as MediaMTX
 * writes it); a hashed password cannot check an HTTP Digest response.
 */
record InternalUser(String user, String pass, List<IpRange> ips, List<Permission> permissions) {

    static final String ANY = "any";
    private static final String SHA256 = "sha256:";

    /** Parses one line; the exception names the field that is wrong, never the password. */
    static InternalUser parse(String line) {
        String user = null;
        String pass = "";
        List<IpRange> ips = new ArrayList<>();
        List<Permission> permissions = new ArrayList<>();
        for (String field : line.trim().split("\\s+")) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + field.replaceAll("(?i)^pass.*", "pass...") + "' is not key=value");
            }
            String key = field.substring(0, eq);
            String value = field.substring(eq + 1);
            switch (key) {
                case "user" -> user = value;
                case "pass" -> pass = value;
                case "ips" -> {
                    for (String ip : value.split(",")) {
                        if (!ip.isBlank()) {
                            ips.add(IpRange.parse(ip));
                        }
                    }
                }
                case "permissions" -> {
                    for (String p : value.split(",")) {
                        if (!p.isBlank()) {
                            permissions.add(Permission.parse(p));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown field '" + key + "'");
            }
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("no user=");
        }
        if (pass.startsWith("argon2:")) {
            throw new IllegalArgumentException("argon2 passwords are not supported; use sha256: or plain");
        }
        return new InternalUser(user, pass, List.copyOf(ips), List.copyOf(permissions));
    }

    boolean isAnonymous() {
        return user.equals(ANY) && pass.isEmpty();
    }

    boolean isHashed() {
        return pass.startsWith(SHA256);
    }

    /** Whether {@code candidate} is this user's password, compared in constant time. */
    boolean passwordMatches(String candidate) {
        byte[] expected;
        byte[] given;
        if (isHashed()) {
            expected = pass.substring(SHA256.length()).getBytes(StandardCharsets.US_ASCII);
            given = Base64.getEncoder().encode(sha256(candidate));
        } else {
            expected = pass.getBytes(StandardCharsets.UTF_8);
            given = candidate.getBytes(StandardCharsets.UTF_8);
        }
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "InternalUser[" + user + "]"; // never the password
    }
}
