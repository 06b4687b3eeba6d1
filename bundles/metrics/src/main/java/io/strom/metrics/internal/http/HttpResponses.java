package io.strom.metrics.internal.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Whole responses of the metrics and profiling endpoints, keeping the connection alive when asked. */
public final class HttpResponses {

    private HttpResponses() {
    }

    /** Sends {@code body} with {@code status}; closes after it when the request did not ask for keep-alive. */
    public static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String contentType, byte[] body) {
        HttpVersion version = request == null ? HttpVersion.HTTP_1_1 : request.protocolVersion();
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (status == HttpResponseStatus.UNAUTHORIZED) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, HttpAccess.challenge());
        }
        boolean keepAlive = request != null && request.decoderResult().isSuccess() && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A plain-text answer, for errors and refusals: the message and a newline. */
    public static void text(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String message) {
        send(ctx, request, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
