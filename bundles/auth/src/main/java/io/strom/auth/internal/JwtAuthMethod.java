package io.strom.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code authMethod: jwt}: the client presents a JWT (a bearer token, a {@code ?jwt=} query
 * parameter, or — for RTSP and RTMP, which have no other field — the password) signed by a key of
 * {@code authJWTJWKS}. Its signature (RS256/384/512, PS256/384/512, ES256/384/512), {@code exp}
 * and {@code nbf} (with {@value #SKEW_SECONDS} s of clock skew) are checked, then the claim
 * {@code authJWTClaimKey} — a list of {action, path}, or that list as a JSON string — must allow
 * the request, with paths matched as in {@code authInternalUsers}.
 *
 * <p>A token longer than {@value #MAX_TOKEN_LENGTH} characters is refused without parsing.
 */
final class JwtAuthMethod implements AuthMethod {

    static final int SKEW_SECONDS = 5;
    static final int MAX_TOKEN_LENGTH = 16384;
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final JwksCache jwks;
    private final String claimKey;
    private final Clock clock;

    JwtAuthMethod(JwksCache jwks, String claimKey, Clock clock) {
        this.jwks = jwks;
        this.claimKey = claimKey;
        this.clock = clock;
    }

    @Override
    public AuthResult check(AuthRequest request) {
        return checkAsync(request).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<AuthResult> checkAsync(AuthRequest request) {
        String token = tokenOf(request.credentials());
        if (token.isEmpty()) {
            return done(AuthResult.deny(request.credentials() instanceof Credentials.None
                    ? "credentials required" : "no JWT given"));
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return done(AuthResult.deny("JWT too long"));
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return done(AuthResult.deny("malformed JWT"));
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            return done(AuthResult.deny("JWT algorithm " + alg + " is not accepted"));
        }
        String kid = jwt.getHeader().getKeyID();
        return jwks.keys(kid).handle((keys, error) -> error != null
                ? AuthResult.deny("JWKS unavailable: " + rootMessage(error))
                : verify(jwt, kid, keys, request));
    }

    private static String tokenOf(Credentials c) {
        if (c instanceof Credentials.Token t) {
            return t.token();
        }
        return c instanceof Credentials.Password p ? p.password() : "";
    }

    private AuthResult verify(SignedJWT jwt, String kid, JWKSet keys, AuthRequest request) {
        JWK key = kid != null ? keys.getKeyByKeyId(kid) : keys.getKeys().size() == 1 ? keys.getKeys().get(0) : null;
        if (key == null) {
            return AuthResult.deny(kid == null ? "JWT without kid and the JWKS has several keys" : "unknown JWT key id");
        }
        try {
            JWSVerifier verifier = switch (key.getKeyType().getValue()) {
                case "RSA" -> new RSASSAVerifier((RSAKey) key);
                case "EC" -> new ECDSAVerifier((ECKey) key);
                default -> null;
            };
            if (verifier == null || (key.getAlgorithm() != null && !key.getAlgorithm().equals(jwt.getHeader().getAlgorithm()))) {
                return AuthResult.deny("the JWT's algorithm does not fit its key");
            }
            if (!jwt.verify(verifier)) {
                return AuthResult.deny("bad JWT signature");
            }
        } catch (JOSEException | ClassCastException e) {
            return AuthResult.deny("the JWT's algorithm does not fit its key");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return AuthResult.deny("malformed JWT claims");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp != null && !now.isBefore(exp.toInstant().plusSeconds(SKEW_SECONDS))) {
            return AuthResult.deny("JWT expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minusSeconds(SKEW_SECONDS))) {
            return AuthResult.deny("JWT not valid yet");
        }
        List<Permission> permissions;
        try {
            permissions = permissions(claims.getClaim(claimKey));
        } catch (IllegalArgumentException e) {
            return AuthResult.deny("JWT claim '" + claimKey + "': " + e.getMessage());
        }
        String subject = claims.getSubject() == null ? "" : claims.getSubject();
        if (permissions.stream().anyMatch(p -> p.allows(request.action(), request.path()))) {
            return AuthResult.allow(subject);
        }
        return AuthResult.deny("JWT of '" + subject + "' does not allow " + request.action().key() + " '" + request.path() + "'");
    }

    /** The permissions in a claim: a list of {action, path} maps, or such a list as JSON text. */
    static List<Permission> permissions(Object claim) {
        Object value = claim;
        if (value instanceof String s) {
            try {
                value = JSONArrayUtils.parse(s);
            } catch (ParseException e) {
                throw new IllegalArgumentException("not a JSON list");
            }
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(value == null ? "missing" : "not a list");
        }
        List<Permission> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m) || !(m.get("action") instanceof String action)) {
                throw new IllegalArgumentException("an entry is not {action, path}");
            }
            Object path = m.get("path");
            out.add(Permission.parse(path == null || path.toString().isEmpty() ? action : action + ":" + path));
        }
        return out;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static CompletionStage<AuthResult> done(AuthResult r) {
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public String toString() {
        return "JwtAuthMethod[claim " + claimKey + "]";
    }
}
