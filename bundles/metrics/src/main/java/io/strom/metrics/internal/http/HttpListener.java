package io.strom.metrics.internal.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.strom.api.settings.ListenAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 listener on one event-loop thread whose connections end in one shared handler.
 * Requests are aggregated up to 8 KiB (these endpoints take no body); a larger one gets 413 from
 * Netty. Responses may be chunked ({@link ChunkedWriteHandler} is in the pipeline).
 * {@link #close} waits until the port is free, so a re-activated component can bind it again.
 */
public final class HttpListener implements AutoCloseable {

    private static final int MAX_REQUEST = 8 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpListener(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code address} (a MediaMTX-style listen address, checked under {@code key}).
     *
     * @throws IllegalArgumentException if the address is invalid, naming {@code key}
     * @throws Exception if the port cannot be bound
     */
    public static HttpListener bind(String key, String address, String threadName, ChannelHandler handler)
            throws Exception {
        InetSocketAddress socket = ListenAddress.parse(key, address).toSocketAddress();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new io.netty.util.concurrent.DefaultThreadFactory(threadName, true), NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST),
                                    new ChunkedWriteHandler(), handler);
                        }
                    })
                    .bind(socket).sync().channel();
            return new HttpListener(group, channel);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The bound address. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Closes the port and every connection, and stops the thread. */
    @Override
    public void close() throws InterruptedException {
        channel.close().await(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
}
