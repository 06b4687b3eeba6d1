package io.strom.metrics.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthManager;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Whether an HTTP request may use an endpoint: its HTTP Basic credentials (or none) and its
 * address, asked of the {@link AuthManager} for one action ({@code metrics}, {@code pprof}).
 * A malformed {@code Authorization} header counts as no credentials.
 */
public final class HttpAccess {

    private final AuthManager authManager;
    private final String protocol;
    private final AuthAction action;

    public HttpAccess(AuthManager authManager, String protocol, AuthAction action) {
        this.authManager = authManager;
        this.protocol = protocol;
        this.action = action;
    }

    /** The answer for {@code request} on {@code ctx}'s connection. */
    public AuthResult check(ChannelHandlerContext ctx, FullHttpRequest request) {
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        return authManager.authenticate(new AuthRequest(protocol, action, "", peer.getAddress(),
                credentials(request.headers().get(HttpHeaderNames.AUTHORIZATION))));
    }

    /** The credentials of an {@code Authorization: Basic ...} header, else none. */
    static Credentials credentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "basic ", 0, 6)) {
            return Credentials.NONE;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Credentials.NONE;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Credentials.NONE;
        }
        return new Credentials.Password(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The challenge sent with a 401. */
    public static String challenge() {
        return "Basic realm=\"strom\"";
    }
}
