package io.strom.rtsp.internal;

import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthManager;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RTSP authentication (RFC 2326 §D, RFC 2617): turns a request's {@code Authorization} header
 * into {@link Credentials} for the {@link AuthManager}, and writes the challenges of a 401 for
 * the methods enabled in {@code rtspAuthMethods} ({@code basic}, {@code digest}). Without an
 * Authorization header, a {@code jwt} parameter in the URL's query is a bearer token (as in
 * MediaMTX; a JWT also works as the Basic password). One instance per connection: its digest
 * nonce lives as long as the connection.
 */
final class RtspAuth {

    static final String REALM = "strom";
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");

    private final AuthManager manager;
    private final Set<String> methods;
    private final String nonce;

    RtspAuth(AuthManager manager, Set<String> methods, String nonce) {
        this.manager = manager;
        this.methods = methods;
        this.nonce = nonce;
    }

    /** Asks the manager whether {@code req} may do {@code action} on {@code path}; completes off the event loop. */
    CompletionStage<AuthResult> check(RtspRequest req, AuthAction action, String path, InetAddress ip) {
        return manager.authenticateAsync(new AuthRequest("rtsp", action, path, ip, credentials(req), RtspConn.queryOf(req.uri()), ""));
    }

    /** The credentials in {@code req}'s Authorization header or its URL's {@code jwt}, or none when absent or malformed. */
    Credentials credentials(RtspRequest req) {
        String header = req.header("Authorization");
        if (header == null) {
            for (String kv : RtspConn.queryOf(req.uri()).split("&")) {
                if (kv.startsWith("jwt=") && kv.length() > 4) {
                    return new Credentials.Token(URLDecoder.decode(kv.substring(4), StandardCharsets.UTF_8));
                }
            }
            return Credentials.NONE;
        }
        int space = header.indexOf(' ');
        if (space < 0) {
            return Credentials.NONE;
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        String rest = header.substring(space + 1).trim();
        if (scheme.equals("basic") && methods.contains("basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? Credentials.NONE
                        : new Credentials.Password(decoded.substring(0, colon), decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return Credentials.NONE;
            }
        }
        if (scheme.equals("digest") && methods.contains("digest")) {
            Map<String, String> p = new HashMap<>();
            Matcher m = PARAM.matcher(rest);
            while (m.find()) {
                p.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
            }
            if (!nonce.equals(p.get("nonce")) || p.get("username") == null || p.get("response") == null
                    || p.get("uri") == null || !REALM.equals(p.get("realm"))) {
                return Credentials.NONE; // a stale or foreign challenge: ask again
            }
            return new Credentials.Digest(p.get("username"), REALM, nonce, p.get("uri"), req.method(),
                    p.get("response"), p.get("qop"), p.get("nc"), p.get("cnonce"));
        }
        return Credentials.NONE;
    }

    /** A 401 with one challenge per enabled method. */
    RtspResponse challenge() {
        RtspResponse r = new RtspResponse(401);
        if (methods.contains("digest")) {
            r.header("WWW-Authenticate", "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\"");
        }
        if (methods.contains("basic")) {
            r.header("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        }
        return r;
    }
}
