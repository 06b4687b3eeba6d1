package io.strom.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWTs signed here, verified against a JWKS served by a JDK HTTP server on loopback. */
class JwtAuthMethodTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final List<Map<String, String>> READ_CAM = List.of(Map.of("action", "read", "path", "cam"));

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private RSAKey rsa;
    private ECKey ec;
    private LoopbackHttpServer jwksServer;
    private JwtAuthMethod jwt;

    @BeforeEach
    void start() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        published.set(new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())));
        jwksServer = new LoopbackHttpServer(body -> new LoopbackHttpServer.Answer(200, published.get().toString()));
        JwksCache cache = new JwksCache(jwksServer.uri("/jwks.json"), HttpClient.newHttpClient(), Duration.ofSeconds(5),
                Duration.ofSeconds(5).toNanos(), Duration.ofHours(1).toNanos(), nanos::get);
        jwt = new JwtAuthMethod(cache, "mediamtx_permissions", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        jwksServer.close();
    }

    private static JWTClaimsSet.Builder claims(Object permissions) {
        return new JWTClaimsSet.Builder().subject("alice").expirationTime(Date.from(NOW.plusSeconds(600)))
                .claim("mediamtx_permissions", permissions);
    }

    private static String rs256(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT t = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        t.sign(new RSASSASigner(key));
        return t.serialize();
    }

    private static String es256(ECKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT t = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        t.sign(new ECDSASigner(key));
        return t.serialize();
    }

    private AuthResult check(AuthAction action, String path, Credentials c) throws Exception {
        return jwt.check(new AuthRequest("rtsp", action, path, InetAddress.getLoopbackAddress(), c));
    }

    @Test
    void goodTokensAllowWhatTheirClaimSays() throws Exception {
        String token = rs256(rsa, claims(READ_CAM).build());
        AuthResult r = check(AuthAction.READ, "cam", new Credentials.Token(token));
        assertTrue(r.allowed(), r.reason());
        assertEquals("alice", r.user());
        assertTrue(check(AuthAction.READ, "cam", new Credentials.Password("anyone", token)).allowed(),
                "RTSP and RTMP carry the token as the password");
        assertTrue(check(AuthAction.READ, "cam", new Credentials.Token(es256(ec, claims(READ_CAM).build()))).allowed());
        String asText = rs256(rsa, claims("[{\"action\":\"publish\",\"path\":\"~^live/\"}]").build());
        assertTrue(check(AuthAction.PUBLISH, "live/a", new Credentials.Token(asText)).allowed(), "the claim as JSON text");
        assertEquals(1, jwksServer.requests.size(), "the key set is downloaded once");
    }

    @Test
    void aWrongClaimPathOrActionIsRefused() throws Exception {
        String token = rs256(rsa, claims(READ_CAM).build());
        assertFalse(check(AuthAction.READ, "other", new Credentials.Token(token)).allowed());
        assertFalse(check(AuthAction.PUBLISH, "cam", new Credentials.Token(token)).allowed());
        AuthResult noClaim = check(AuthAction.READ, "cam", new Credentials.Token(rs256(rsa,
                new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(60))).build())));
        assertFalse(noClaim.allowed());
        assertEquals("JWT claim 'mediamtx_permissions': missing", noClaim.reason());
    }

    @Test
    void aBadSignatureIsRefused() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate(); // same kid, other key
        AuthResult forged = check(AuthAction.READ, "cam", new Credentials.Token(rs256(impostor, claims(READ_CAM).build())));
        assertFalse(forged.allowed());
        assertEquals("bad JWT signature", forged.reason());
        String good = rs256(rsa, claims(READ_CAM).build());
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + rs256(rsa, claims(List.of(Map.of("action", "publish"))).build()).split("\\.")[1]
                + "." + parts[2];
        assertFalse(check(AuthAction.PUBLISH, "cam", new Credentials.Token(tampered)).allowed(), "claims swapped under a signature");
        assertFalse(check(AuthAction.READ, "cam", new Credentials.Token("not.a.jwt")).allowed());
        String unsigned = new com.nimbusds.jwt.PlainJWT(claims(READ_CAM).build()).serialize();
        assertFalse(check(AuthAction.READ, "cam", new Credentials.Token(unsigned)).allowed(), "alg none");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() throws Exception {
        String expired = rs256(rsa, claims(READ_CAM).expirationTime(Date.from(NOW.minusSeconds(60))).build());
        assertEquals("JWT expired", check(AuthAction.READ, "cam", new Credentials.Token(expired)).reason());
        String early = rs256(rsa, claims(READ_CAM).notBeforeTime(Date.from(NOW.plusSeconds(60))).build());
        assertEquals("JWT not valid yet", check(AuthAction.READ, "cam", new Credentials.Token(early)).reason());
    }

    @Test
    void anUnknownKidRefetchesTheKeysAtMostEveryFewSeconds() throws Exception {
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        String token = rs256(rotated, claims(READ_CAM).build());
        assertEquals("unknown JWT key id", check(AuthAction.READ, "cam", new Credentials.Token(token)).reason());
        assertEquals(1, jwksServer.requests.size());
        published.set(new JWKSet(List.<JWK>of(rsa.toPublicJWK(), rotated.toPublicJWK()))); // the issuer rotates
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertFalse(check(AuthAction.READ, "cam", new Credentials.Token(token)).allowed(), "within 5 s: no new download");
        assertEquals(1, jwksServer.requests.size());
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        AuthResult r = check(AuthAction.READ, "cam", new Credentials.Token(token));
        assertTrue(r.allowed(), r.reason());
        assertEquals(2, jwksServer.requests.size());
    }

    @Test
    void noTokenAsksForCredentials() throws Exception {
        assertEquals("credentials required", check(AuthAction.READ, "cam", Credentials.NONE).reason());
    }
}
