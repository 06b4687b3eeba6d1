package io.strom.rtsp.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The RTSP server's unicast UDP sockets: RTP on {@code rtpAddress}, RTCP on {@code rtcpAddress}.
 *
 * <p>Both sockets live on one event loop, which is also the executor of every UDP reader, so
 * their writes never cross threads: a reader writes its datagrams there and the listener
 * flushes once per loop turn, which the epoll transport sends with one {@code sendmmsg}.
 * Incoming datagrams are routed by their source address to the session that registered it in
 * SETUP; anything else is counted and dropped.
 */
final class RtspUdpListener {

    final LongAdder datagramsDropped = new LongAdder();
    private final EventLoop loop;
    private final Channel rtp;
    private final Channel rtcp;
    private final Map<InetSocketAddress, UdpReceiver> rtpSources = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, UdpReceiver> rtcpSources = new ConcurrentHashMap<>();
    private final Runnable flushTask = this::flush;
    private boolean flushScheduled;

    RtspUdpListener(EventLoop loop, Class<? extends DatagramChannel> type, InetSocketAddress rtpAddress,
                    InetSocketAddress rtcpAddress) throws InterruptedException {
        this.loop = loop;
        this.rtp = bind(type, rtpAddress, rtpSources);
        try {
            this.rtcp = bind(type, rtcpAddress, rtcpSources);
        } catch (RuntimeException | InterruptedException e) {
            rtp.close().await(5, TimeUnit.SECONDS);
            throw e;
        }
    }

    private Channel bind(Class<? extends DatagramChannel> type, InetSocketAddress address,
                         Map<InetSocketAddress, UdpReceiver> sources) throws InterruptedException {
        return new Bootstrap().group(loop).channel(type)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>(false) {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                        UdpReceiver receiver = sources.get(msg.sender());
                        if (receiver == null) {
                            datagramsDropped.increment();
                            msg.release();
                        } else {
                            receiver.onDatagram(msg.content());
                        }
                    }
                })
                .bind(address).sync().channel();
    }

    EventLoop eventLoop() {
        return loop;
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    int rtcpPort() {
        return ((InetSocketAddress) rtcp.localAddress()).getPort();
    }

    void registerRtp(InetSocketAddress source, UdpReceiver receiver) {
        rtpSources.put(source, receiver);
    }

    void registerRtcp(InetSocketAddress source, UdpReceiver receiver) {
        rtcpSources.put(source, receiver);
    }

    /** Forgets {@code source}, if it is still registered to {@code receiver}. */
    void unregister(InetSocketAddress source, UdpReceiver receiver) {
        rtpSources.remove(source, receiver);
        rtcpSources.remove(source, receiver);
    }

    boolean isWritable() {
        return rtp.isWritable();
    }

    /** Queues an RTP datagram; takes ownership of {@code packet}. Call on {@link #eventLoop()}. */
    void writeRtp(ByteBuf packet, InetSocketAddress to) {
        rtp.write(new DatagramPacket(packet, to), rtp.voidPromise());
        scheduleFlush();
    }

    /** Queues an RTCP datagram; takes ownership of {@code packet}. Call on {@link #eventLoop()}. */
    void writeRtcp(ByteBuf packet, InetSocketAddress to) {
        rtcp.write(new DatagramPacket(packet, to), rtcp.voidPromise());
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(flushTask);
        }
    }

    private void flush() {
        flushScheduled = false;
        rtp.flush();
        rtcp.flush();
    }

    void close() throws InterruptedException {
        rtp.close().await(5, TimeUnit.SECONDS);
        rtcp.close().await(5, TimeUnit.SECONDS);
    }
}
