package io.strom.auth.internal;

import io.strom.api.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Checks an HTTP Digest response (RFC 2617, MD5) against a plain password. */
final class DigestVerifier {

    private DigestVerifier() {
    }

    static boolean verify(Credentials.Digest d, String password) {
        String ha1 = md5(d.user() + ":" + d.realm() + ":" + password);
        String ha2 = md5(d.method() + ":" + d.uri());
        String expected = d.qop().isEmpty()
                ? md5(ha1 + ":" + d.nonce() + ":" + ha2)
                : md5(ha1 + ":" + d.nonce() + ":" + d.nc() + ":" + d.cnonce() + ":" + d.qop() + ":" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                d.response().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
