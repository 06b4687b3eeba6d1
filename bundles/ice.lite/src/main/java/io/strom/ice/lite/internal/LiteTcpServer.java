package io.strom.ice.lite.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passive ICE-TCP (RFC 6544) on one port: each connection carries RFC 4571 frames (a 2-byte length,
 * then one STUN, DTLS or SRTP packet). A check nominating a connection binds it to its session,
 * whose later frames and sends then use it; the connection closing fails that session. Runs on the
 * UDP server's event loop, so the sessions and the responder see one thread.
 */
final class LiteTcpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiteTcpServer.class);
    /** The session a connection carries, once a check on it nominated it. */
    static final AttributeKey<LiteTransport> SESSION = AttributeKey.valueOf("strom.ice.lite.session");

    private final LiteUdpServer udp;
    private final Channel channel;
    private final int port;

    LiteTcpServer(LiteUdpServer udp, InetSocketAddress bind) throws IOException {
        this.udp = udp;
        boolean epoll = Epoll.isAvailable();
        try {
            channel = new ServerBootstrap().group(udp.loop())
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
                                    new LengthFieldPrepender(2), new Frames());
                        }
                    })
                    .bind(bind).sync().channel();
        } catch (Exception e) {
            throw new IOException("ICE-lite cannot bind TCP " + bind + ": " + e.getMessage(), e);
        }
        port = ((InetSocketAddress) channel.localAddress()).getPort();
        LOG.info("ICE-lite listening on TCP {}", channel.localAddress());
    }

    int port() {
        return port;
    }

    private final class Frames extends SimpleChannelInboundHandler<ByteBuf> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            LiteUdpServer.Counters counters = udp.counters();
            if (!frame.isReadable()) {
                counters.garbage.increment();
                return;
            }
            int first = frame.getUnsignedByte(frame.readerIndex());
            if (first < 4 && StunResponder.isStun(frame)) {
                InetSocketAddress sender = (InetSocketAddress) ctx.channel().remoteAddress();
                switch (udp.responder().handle(frame, sender, ctx.channel(), udp.sessions(), ctx.alloc(),
                        (response, to) -> ctx.writeAndFlush(response, ctx.voidPromise()))) {
                    case ANSWERED -> counters.checksAnswered.increment();
                    case UNKNOWN_USER -> counters.unknownUser.increment();
                    case BAD_INTEGRITY -> counters.badIntegrity.increment();
                    case MALFORMED -> counters.garbage.increment();
                    default -> { }
                }
                return;
            }
            LiteTransport session = ctx.channel().attr(SESSION).get();
            if (session != null && session.isSelected(ctx.channel())
                    && ((first >= 20 && first <= 63) || (first >= 128 && first <= 191))) {
                session.onDatagram(frame);
            } else {
                counters.unknownAddress.increment();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            LiteTransport session = ctx.channel().attr(SESSION).get();
            if (session != null && session.isSelected(ctx.channel())) {
                session.fail("ICE-TCP connection closed");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("ICE-lite TCP {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
