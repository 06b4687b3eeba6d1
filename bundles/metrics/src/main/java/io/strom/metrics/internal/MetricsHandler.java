package io.strom.metrics.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.strom.api.auth.AuthResult;
import io.strom.api.metrics.MetricsSource;
import io.strom.metrics.internal.http.HttpAccess;
import io.strom.metrics.internal.http.HttpResponses;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /metrics}; 404 elsewhere, 405 for other methods, 401
 * with a Basic challenge without the {@code metrics} permission. A source that fails is left
 * out of that scrape and logged; the others are still served.
 */
@Sharable
final class MetricsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);

    private final Supplier<List<MetricsSource>> sources;
    private final HttpAccess access;

    MetricsHandler(Supplier<List<MetricsSource>> sources, HttpAccess access) {
        this.sources = sources;
        this.access = access;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.text(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        if (!new QueryStringDecoder(request.uri()).path().equals("/metrics")) {
            HttpResponses.text(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: metrics are at /metrics");
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            HttpResponses.text(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed: use GET");
            return;
        }
        AuthResult auth = access.check(ctx, request);
        if (!auth.allowed()) {
            HttpResponses.text(ctx, request, HttpResponseStatus.UNAUTHORIZED, "unauthorized");
            return;
        }
        HttpResponses.send(ctx, request, HttpResponseStatus.OK, TextExposition.CONTENT_TYPE, scrape());
    }

    private byte[] scrape() {
        TextExposition out = new TextExposition();
        for (MetricsSource source : sources.get()) {
            try {
                out.collect(source);
            } catch (RuntimeException e) {
                LOG.warn("metrics source {} failed and is left out of this scrape: {}", source.getClass().getName(), e.toString());
            }
        }
        return out.render();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("metrics connection failed", cause);
        ctx.close();
    }
}
