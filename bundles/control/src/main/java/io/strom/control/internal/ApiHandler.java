package io.strom.control.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthManager;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP in front of the {@link ApiRouter}: every request is first checked with the
 * {@link AuthManager} for action {@code api} with its credentials (HTTP Basic, a Bearer token or
 * {@code ?jwt=}), asynchronously: the event loop goes on while an HTTP backend answers or a
 * failed login is held back, and the request continues on its own loop. A refusal is a 401 with
 * a Basic challenge. A request Netty could not decode gets 400 and the connection is closed; any
 * other failure is a 500 with the reason, never a dead listener. Stateless: one instance serves
 * every connection.
 */
@Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final AuthManager authManager;
    private final ApiRouter router;

    ApiHandler(AuthManager authManager, ApiRouter router) {
        this.authManager = authManager;
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, new ApiAnswer(400, ApiJson.error("malformed request"), null), true);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        request.retain(); // until the AuthManager has answered
        authorize(request, uri, (InetSocketAddress) ctx.channel().remoteAddress()).whenComplete((auth, error) ->
                ctx.executor().execute(() -> {
                    try {
                        if (error == null && auth.allowed()) {
                            respond(ctx, request, route(request, uri), false);
                        } else {
                            LOG.debug("API request from {} refused: {}", ctx.channel().remoteAddress(),
                                    error == null ? auth.reason() : error.toString());
                            respond(ctx, request, new ApiAnswer(401, ApiJson.error("authentication error"), null), false);
                        }
                    } finally {
                        request.release();
                    }
                }));
    }

    /**
     * The one question to the AuthManager for an API request, answered without blocking the
     * event loop (a refused login is answered late by the AuthManager, on purpose).
     */
    private CompletionStage<AuthResult> authorize(FullHttpRequest request, QueryStringDecoder uri, InetSocketAddress remote) {
        String query = uri.rawQuery();
        return authManager.authenticateAsync(new AuthRequest("api", AuthAction.API, "", remote.getAddress(),
                Credentials.ofHttp(request.headers().get(HttpHeaderNames.AUTHORIZATION), uri.parameters()), query, ""));
    }

    private ApiAnswer route(FullHttpRequest request, QueryStringDecoder uri) {
        try {
            return router.route(request.method().name(), uri.path(), uri.parameters(), ByteBufUtil.getBytes(request.content()));
        } catch (RuntimeException e) {
            LOG.warn("API request {} {} failed", request.method(), uri.path(), e);
            return new ApiAnswer(500, ApiJson.error(e.toString()), null);
        }
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, ApiAnswer answer, boolean close) {
        byte[] bytes;
        HttpResponseStatus status = HttpResponseStatus.valueOf(answer.status());
        try {
            bytes = ApiJson.MAPPER.writeValueAsBytes(answer.body());
        } catch (Exception e) {
            bytes = "{\"status\":\"error\",\"error\":\"cannot encode the answer\"}".getBytes(StandardCharsets.UTF_8);
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (answer.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, answer.allow());
        }
        if (answer.status() == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"strom\"");
        }
        boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("API connection failed", cause);
        ctx.close();
    }
}
