package io.strom.metrics.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthManager;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.net.InetSocketAddress;

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
                Credentials.ofHttp(request.headers().get(HttpHeaderNames.AUTHORIZATION),
                        new QueryStringDecoder(request.uri()).parameters())));
    }

    /** The challenge sent with a 401. */
    public static String challenge() {
        return "Basic realm=\"strom\"";
    }
}
