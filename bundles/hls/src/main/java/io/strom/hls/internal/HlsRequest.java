package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * One GET for a muxer's file, with the LL-HLS query parameters parsed, and the one response it
 * gets: answered at once or held by the muxer (a held request costs this object and a timer,
 * no thread).
 *
 * @param channel    the connection
 * @param keepAlive  whether the connection stays open after the response
 * @param head       whether the method was HEAD (headers only)
 * @param file       the file name after the path
 * @param msn        {@code _HLS_msn}, or -1
 * @param part       {@code _HLS_part}, or -1
 * @param skip       whether {@code _HLS_skip} asked for a delta update
 * @param allowOrigin the CORS origin to answer with
 */
record HlsRequest(Channel channel, boolean keepAlive, boolean head, String file, long msn, long part, boolean skip,
        String allowOrigin) {

    static final String M3U8 = "application/vnd.apple.mpegurl";

    /** Sends {@code body} (taken over) with {@code status}; returns the bytes sent. */
    long reply(HttpResponseStatus status, String contentType, ByteBuf body, boolean cacheable) {
        int length = body.readableBytes();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : body);
        if (head) {
            body.release();
        }
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, length)
                .set(HttpHeaderNames.CACHE_CONTROL, cacheable ? "max-age=30" : "no-cache");
        if (!allowOrigin.isEmpty()) {
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin)
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            channel.writeAndFlush(response, channel.voidPromise());
        } else {
            channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        return length;
    }

    long text(HttpResponseStatus status, String contentType, String text) {
        return reply(status, contentType, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), false);
    }

    /** An error with a one-line reason in plain text. */
    void error(HttpResponseStatus status, String reason) {
        text(status, "text/plain; charset=utf-8", reason + "\n");
    }
}
