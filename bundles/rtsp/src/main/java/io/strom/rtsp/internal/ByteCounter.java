package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes a connection reads and writes, for the control API's {@code rtspconns}. Sits
 * first in the pipeline, so it sees what crosses the socket (TLS records on RTSPS). Written on
 * the connection's event loop only; other threads read a possibly slightly old value.
 */
final class ByteCounter extends ChannelDuplexHandler {

    long bytesReceived;
    long bytesSent;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        bytesReceived += size(msg);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        bytesSent += size(msg);
        ctx.write(msg, promise);
    }

    private static int size(Object msg) {
        return msg instanceof ByteBuf b ? b.readableBytes() : msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
    }
}
