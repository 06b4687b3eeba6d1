package io.strom.ice.lite.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceCredentials;
import io.strom.api.ice.IceTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one UDP socket every ICE-lite session shares, served by one event loop (native epoll where
 * available). Inbound datagrams are told apart by their first byte (RFC 7983): STUN goes to the
 * {@link StunResponder}, everything in the DTLS and RTP/RTCP ranges to the session selected for its
 * sender; the rest is counted and dropped. Outbound datagrams from any thread join one bounded
 * queue that the loop drains in batches of at most {@link #SEND_BATCH}, flushing once per batch, so
 * the datagrams of a batch leave together (epoll's datagram channel writes a flushed batch with
 * {@code sendmmsg}). When more are queued after a batch, the next batch runs after the loop's next
 * I/O turn: senders that outpace the socket can neither keep checks and DTLS from being read nor
 * hold back what is already queued, and beyond {@link #MAX_QUEUED} datagrams are dropped and counted
 * instead of piling up in memory. Answers to checks skip the queue.
 */
final class LiteUdpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiteUdpServer.class);
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    /** The failure reason open transports get when the server closes. */
    static final String STOPPED = "the ICE-lite transport factory stopped";
    /** Datagrams written per flush: one {@code sendmmsg} call at most (Linux's UIO_MAXIOV is 1024). */
    static final int SEND_BATCH = 512;
    /** Datagrams waiting for the loop beyond which {@link #send} drops (about 20 MB of 1200-byte packets). */
    static final int MAX_QUEUED = 16384;

    /** Drop counts, for logs, metrics and tests. */
    static final class Counters {
        final LongAdder garbage = new LongAdder();
        final LongAdder unknownUser = new LongAdder();
        final LongAdder badIntegrity = new LongAdder();
        final LongAdder unknownAddress = new LongAdder();
        final LongAdder checksAnswered = new LongAdder();
        final LongAdder sendQueueFull = new LongAdder();
    }

    private final LiteSessions sessions = new LiteSessions();
    private final StunResponder responder = new StunResponder();
    private final Counters counters = new Counters();
    private final SecureRandom random = new SecureRandom();
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Channel channel;
    private final int port;
    private final Queue<DatagramPacket> outbound = PlatformDependent.newMpscQueue();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private final ScheduledFuture<?> sweeper;

    /**
     * Binds the shared port.
     *
     * @param bind    the address to bind ({@code 0.0.0.0}/{@code ::} wildcard or one IP) and port
     * @param consent how long a session may go without a valid check before it fails
     */
    LiteUdpServer(InetSocketAddress bind, Duration consent) throws IOException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("strom-ice-lite", true), io);
        loop = group.next();
        try {
            channel = new Bootstrap().group(loop)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.SO_RCVBUF, 4 << 20)
                    .option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .handler(new Inbound())
                    .bind(bind).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw new IOException("ICE-lite cannot bind UDP " + bind + ": " + e.getMessage(), e);
        }
        port = ((InetSocketAddress) channel.localAddress()).getPort();
        long consentNanos = consent.toNanos();
        long period = Math.max(100, Math.min(1000, consent.toMillis() / 4));
        sweeper = loop.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            for (LiteTransport t : sessions.all()) {
                t.sweep(now, consentNanos);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        LOG.info("ICE-lite listening on UDP {} ({})", channel.localAddress(), epoll ? "epoll" : "nio");
    }

    int port() {
        return port;
    }

    StunResponder responder() {
        return responder;
    }

    EventLoop loop() {
        return loop;
    }

    LiteSessions sessions() {
        return sessions;
    }

    Counters counters() {
        return counters;
    }

    /** A new session with fresh credentials and one host candidate per address (and per address on {@code tcpPort} if above 0). */
    LiteTransport create(IceTransport.Listener listener, List<InetAddress> hosts, int tcpPort) throws IOException {
        if (!channel.isActive()) {
            throw new IOException("ICE-lite server is closed");
        }
        List<IceCandidate> candidates = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            // type preference 126 (host), local preference by list order, component 1
            candidates.add(host(i + 1, "udp", (126L << 24) | ((long) (65535 - i) << 8) | 255, hosts.get(i), port, null));
        }
        for (int i = 0; tcpPort > 0 && i < hosts.size(); i++) {
            // passive TCP host candidates rank below every UDP one (RFC 6544 section 4.2)
            candidates.add(host(hosts.size() + i + 1, "tcp", (90L << 24) | ((long) (8191 - i) << 8) | 255,
                    hosts.get(i), tcpPort, "passive"));
        }
        while (true) {
            LiteTransport t = new LiteTransport(this, listener,
                    new IceCredentials(randomString(8), randomString(24)), candidates);
            if (sessions.add(t)) {
                return t;
            }
        }
    }

    private static IceCandidate host(int foundation, String transport, long priority, InetAddress address, int port,
            String tcpType) {
        String literal = address.getHostAddress();
        int scope = literal.indexOf('%'); // a link-local zone means nothing to the peer
        return new IceCandidate(Integer.toString(foundation), 1, transport, priority,
                scope < 0 ? literal : literal.substring(0, scope), port, "host", tcpType);
    }

    private String randomString(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    /**
     * Queues one datagram; the loop writes it with the others queued, in batches. Takes ownership;
     * when {@link #MAX_QUEUED} datagrams are already waiting it releases the datagram and counts it.
     */
    void send(ByteBuf datagram, InetSocketAddress to) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            counters.sendQueueFull.increment();
            datagram.release();
            return;
        }
        outbound.add(new DatagramPacket(datagram, to));
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drain);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                drainScheduled.set(false);
                releaseQueued();
            }
        }
    }

    /**
     * Sends the answer to a check at once, on the loop, ahead of queued media: a check must not wait
     * behind (or be dropped with) a full send queue, or the peer's consent would expire.
     */
    private void answer(ByteBuf datagram, InetSocketAddress to) {
        channel.writeAndFlush(new DatagramPacket(datagram, to), channel.voidPromise());
    }

    /** Datagrams queued and not yet handed to the channel. */
    int queued() {
        return queued.get();
    }

    private void drain() {
        int n = 0;
        DatagramPacket p;
        while (n < SEND_BATCH && (p = outbound.poll()) != null) {
            channel.write(p, channel.voidPromise());
            n++;
        }
        if (n > 0) {
            queued.addAndGet(-n);
            channel.flush();
        }
        // cleared after polling: a datagram queued since then either is seen below or schedules a drain
        drainScheduled.set(false);
        if (!outbound.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            // a scheduled task, unlike an executed one, waits for the loop's next I/O turn
            loop.schedule(drain, 0, TimeUnit.NANOSECONDS);
        }
    }

    private void releaseQueued() {
        DatagramPacket p;
        while ((p = outbound.poll()) != null) {
            queued.decrementAndGet();
            p.release();
        }
    }

    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf d = packet.content();
            InetSocketAddress sender = packet.sender();
            if (!d.isReadable()) {
                counters.garbage.increment();
                return;
            }
            int first = d.getUnsignedByte(d.readerIndex());
            if (first < 4) {
                if (!StunResponder.isStun(d)) {
                    counters.garbage.increment();
                    return;
                }
                switch (responder.handle(d, sender, null, sessions, ctx.alloc(), LiteUdpServer.this::answer)) {
                    case ANSWERED -> counters.checksAnswered.increment();
                    case UNKNOWN_USER -> counters.unknownUser.increment();
                    case BAD_INTEGRITY -> counters.badIntegrity.increment();
                    case MALFORMED -> counters.garbage.increment();
                    default -> { } // indications and responses: nothing to answer
                }
            } else if ((first >= 20 && first <= 63) || (first >= 128 && first <= 191)) {
                LiteTransport t = sessions.byAddress(sender);
                if (t == null) {
                    counters.unknownAddress.increment();
                } else {
                    t.onDatagram(d);
                }
            } else {
                counters.garbage.increment();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("ICE-lite UDP: {}", cause.toString(), cause);
        }
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        for (LiteTransport t : sessions.all()) {
            t.fail(STOPPED);
        }
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        releaseQueued();
        LOG.info("ICE-lite UDP port {} closed; dropped {} garbage, {} unknown-user, {} bad-integrity, "
                + "{} unknown-address datagrams, and {} outgoing ones for a full send queue", port, counters.garbage.sum(),
                counters.unknownUser.sum(), counters.badIntegrity.sum(), counters.unknownAddress.sum(),
                counters.sendQueueFull.sum());
    }
}
