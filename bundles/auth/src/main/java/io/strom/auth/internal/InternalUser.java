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
 * is plain, {@code sha256:BASE64} (the SHA-256 of the password, base64-encoded, as MediaMTX
 * writes it) or {@code argon2:$argon2id$v=19$...} (a PHC string, see {@link Argon2Hash}); a
 * hashed password cannot check an HTTP Digest response.
 */
record InternalUser(String user, String pass, Argon2Hash argon2, List<IpRange> ips, List<Permission> permissions) {

    static final String ANY = "any";
    private static final String SHA256 = "sha256:";
    private static final String ARGON2 = "argon2:";

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
        Argon2Hash argon2 = null;
        if (pass.startsWith(ARGON2)) {
            try {
                argon2 = Argon2Hash.parse(pass.substring(ARGON2.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pass: " + e.getMessage());
            }
        }
        return new InternalUser(user, pass, argon2, List.copyOf(ips), List.copyOf(permissions));
    }

    boolean isAnonymous() {
        return user.equals(ANY) && pass.isEmpty();
    }

    boolean isHashed() {
        return pass.startsWith(SHA256) || argon2 != null;
    }

    /** Whether checking a password costs real time (an argon2 hash): then it runs off event loops. */
    boolean isSlow() {
        return argon2 != null;
    }

    /** Whether {@code candidate} is this user's password, compared in constant time. */
    boolean passwordMatches(String candidate) {
        if (argon2 != null) {
            return argon2.matches(candidate);
        }
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
