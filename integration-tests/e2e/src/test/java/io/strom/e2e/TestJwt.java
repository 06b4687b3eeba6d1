package io.strom.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JWTs and their JWKS made with the JDK's own crypto (not the library the server uses): an
 * RS256 key and an ES256 (P-256) key, each with a key id.
 */
final class TestJwt {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    final KeyPair rsa;
    final KeyPair ec;

    private TestJwt(KeyPair rsa, KeyPair ec) {
        this.rsa = rsa;
        this.ec = ec;
    }

    static TestJwt create() throws GeneralSecurityException {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        return new TestJwt(r.generateKeyPair(), e.generateKeyPair());
    }

    /** The public keys as a JSON Web Key Set: "rsa-1" and "ec-1". */
    String jwks() throws Exception {
        RSAPublicKey rp = (RSAPublicKey) rsa.getPublic();
        ECPublicKey ep = (ECPublicKey) ec.getPublic();
        Map<String, Object> rk = Map.of("kty", "RSA", "kid", "rsa-1", "use", "sig", "alg", "RS256",
                "n", B64.encodeToString(unsigned(rp.getModulus(), 256)), "e", B64.encodeToString(rp.getPublicExponent().toByteArray()));
        Map<String, Object> ek = Map.of("kty", "EC", "kid", "ec-1", "use", "sig", "crv", "P-256",
                "x", B64.encodeToString(unsigned(ep.getW().getAffineX(), 32)), "y", B64.encodeToString(unsigned(ep.getW().getAffineY(), 32)));
        return JSON.writeValueAsString(Map.of("keys", List.of(rk, ek)));
    }

    private static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length == length) {
            return b;
        }
        byte[] out = new byte[length];
        int n = Math.min(b.length, length);
        System.arraycopy(b, b.length - n, out, length - n, n);
        return out;
    }

    /** Claims granting {@code permissions} ({action, path} pairs, path may be empty), expiring at {@code exp} (epoch s). */
    static Map<String, Object> claims(long exp, String... actionsAndPaths) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", "tester");
        c.put("exp", exp);
        List<Map<String, String>> perms = new java.util.ArrayList<>();
        for (int i = 0; i < actionsAndPaths.length; i += 2) {
            perms.add(actionsAndPaths[i + 1].isEmpty() ? Map.of("action", actionsAndPaths[i])
                    : Map.of("action", actionsAndPaths[i], "path", actionsAndPaths[i + 1]));
        }
        c.put("mediamtx_permissions", perms);
        return c;
    }

    /** An RS256 token with kid "rsa-1". */
    String rs256(Map<String, Object> claims) throws Exception {
        return sign("RS256", "rsa-1", claims, "SHA256withRSA", rsa);
    }

    /** An ES256 token with kid "ec-1" (signature in JOSE's r||s form). */
    String es256(Map<String, Object> claims) throws Exception {
        return sign("ES256", "ec-1", claims, "SHA256withECDSAinP1363Format", ec);
    }

    private static String sign(String alg, String kid, Map<String, Object> claims, String jca, KeyPair key) throws Exception {
        String input = B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", alg, "typ", "JWT", "kid", kid))) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature s = Signature.getInstance(jca);
        s.initSign(key.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(s.sign());
    }

    /** {@code token} with one bit of its signature flipped. */
    static String tampered(String token) {
        int dot = token.lastIndexOf('.');
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        byte[] bad = Arrays.copyOf(sig, sig.length);
        bad[bad.length / 2] ^= 0x01;
        return token.substring(0, dot + 1) + B64.encodeToString(bad);
    }
}
