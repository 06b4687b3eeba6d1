package io.strom.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a client presented: nothing, a user and password (HTTP Basic, RTMP query string), an
 * HTTP Digest response (RFC 2617, MD5, qop absent or {@code auth}) that only the
 * {@link AuthManager}, which knows the password, can check, or a bearer token (a JWT from an
 * {@code Authorization: Bearer} header or a {@code ?jwt=} query parameter). No variant shows a
 * secret in its {@code toString}.
 */
public sealed interface Credentials {

    /** No credentials: only users without a password (MediaMTX's {@code any}) can match. */
    Credentials NONE = new None();

    /**
     * What an HTTP client presented, the way MediaMTX reads it: an {@code Authorization: Bearer}
     * token or {@code Basic} user and password, else {@code ?user=&pass=} or {@code ?jwt=} from the
     * URL (what MediaMTX's pages send), else {@link #NONE}. A malformed header counts as none.
     *
     * @param authorization the Authorization header, or null
     * @param query         the URL's query parameters by name
     */
    static Credentials ofHttp(String authorization, Map<String, List<String>> query) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank()) {
            return new Token(authorization.substring(7).strip());
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? NONE : new Password(decoded.substring(0, colon), decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return NONE;
            }
        }
        List<String> user = query.get("user");
        List<String> pass = query.get("pass");
        if (user != null && pass != null && !user.isEmpty() && !pass.isEmpty()) {
            return new Password(user.get(0), pass.get(0));
        }
        List<String> jwt = query.get("jwt");
        return jwt != null && !jwt.isEmpty() && !jwt.get(0).isEmpty() ? new Token(jwt.get(0)) : NONE;
    }

    /** The user name presented, or empty. */
    String user();

    /** No credentials at all. */
    record None() implements Credentials {
        @Override
        public String user() {
            return "";
        }
    }

    /** A user name and a password in clear. */
    record Password(String user, String password) implements Credentials {
        public Password {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Password[user=" + user + "]"; // never the password
        }
    }

    /**
     * An HTTP Digest authorization: the fields of the header and the request method.
     *
     * @param qop    {@code auth}, or empty for RFC 2069 style digests
     * @param nc     the nonce count with qop, else empty
     * @param cnonce the client nonce with qop, else empty
     */
    record Digest(String user, String realm, String nonce, String uri, String method, String response,
                  String qop, String nc, String cnonce) implements Credentials {
        @Override
        public String toString() {
            return "Digest[user=" + user + "]"; // never the response
        }

        public Digest {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(response, "response");
            qop = qop == null ? "" : qop;
            nc = nc == null ? "" : nc;
            cnonce = cnonce == null ? "" : cnonce;
        }
    }

    /**
     * A bearer token, in practice a JWT.
     *
     * @since 0.2.0
     */
    record Token(String token) implements Credentials {
        public Token {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String user() {
            return "";
        }

        @Override
        public String toString() {
            return "Token[...]"; // never the token
        }
    }
}
