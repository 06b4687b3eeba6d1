package io.strom.api.auth;

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
