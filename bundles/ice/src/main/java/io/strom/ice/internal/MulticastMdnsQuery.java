package io.strom.ice.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends one-shot mDNS queries (RFC 6762 §5.1) for a host's A record to 224.0.0.251:5353 from an
 * ephemeral port, with the unicast-response bit set so responders answer this socket directly.
 * One Netty datagram channel on one daemon thread ({@code strom-ice-mdns}); each query waits
 * {@code timeout} for an answer. The DNS messages are Netty's codec; only the question is ours.
 */
final class MulticastMdnsQuery implements Function<String, CompletableFuture<InetAddress>>, AutoCloseable {

    static final InetSocketAddress MDNS_GROUP = new InetSocketAddress(mdnsGroup(), 5353);
    /** The QU bit (RFC 6762 §5.4) on class IN. */
    private static final int CLASS_IN_UNICAST_RESPONSE = 0x8001;

    private final EventLoopGroup group;
    private final Channel channel;
    private final Duration timeout;
    private final Map<String, CompletableFuture<InetAddress>> pending = new ConcurrentHashMap<>();

    MulticastMdnsQuery(Duration timeout) throws InterruptedException {
        this.timeout = timeout;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("strom-ice-mdns", true),
                NioIoHandler.newFactory());
        try {
            this.channel = new Bootstrap().group(group)
                    .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET))
                    .option(ChannelOption.IP_MULTICAST_TTL, 255)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(new DatagramDnsQueryEncoder(), new DatagramDnsResponseDecoder(),
                                    new AnswerHandler());
                        }
                    })
                    .bind(new InetSocketAddress(0)).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    @Override
    public CompletableFuture<InetAddress> apply(String name) {
        String key = normalize(name);
        CompletableFuture<InetAddress> answer = new CompletableFuture<>();
        CompletableFuture<InetAddress> earlier = pending.putIfAbsent(key, answer);
        if (earlier != null) {
            return earlier;
        }
        DatagramDnsQuery query = new DatagramDnsQuery(null, MDNS_GROUP, 0);
        query.setRecursionDesired(false);
        query.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(key + ".", DnsRecordType.A, CLASS_IN_UNICAST_RESPONSE));
        channel.writeAndFlush(query).addListener(f -> {
            if (!f.isSuccess() && pending.remove(key, answer)) {
                answer.completeExceptionally(f.cause());
            }
        });
        group.schedule(() -> {
            if (pending.remove(key, answer)) {
                answer.completeExceptionally(new TimeoutException("no mDNS answer for " + key + " in " + timeout));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return answer;
    }

    /** Completes pending queries from the A records of each response (answers and additionals). */
    private final class AnswerHandler extends SimpleChannelInboundHandler<DatagramDnsResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsResponse response) {
            for (DnsSection section : new DnsSection[] {DnsSection.ANSWER, DnsSection.ADDITIONAL}) {
                for (int i = 0; i < response.count(section); i++) {
                    DnsRecord record = response.recordAt(section, i);
                    if (record.type() == DnsRecordType.A && record instanceof DnsRawRecord raw) {
                        answered(normalize(record.name()), raw.content());
                    }
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A malformed datagram from the network: drop it, keep listening.
        }
    }

    private void answered(String name, ByteBuf content) {
        CompletableFuture<InetAddress> answer = pending.get(name);
        if (answer == null || content.readableBytes() != 4) {
            return;
        }
        byte[] address = new byte[4];
        content.getBytes(content.readerIndex(), address);
        try {
            InetAddress resolved = InetAddress.getByAddress(name, address);
            if (pending.remove(name, answer)) {
                answer.complete(resolved);
            }
        } catch (UnknownHostException impossible) {
            // four bytes are always a valid IPv4 address
        }
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static InetAddress mdnsGroup() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 224, 0, 0, (byte) 251});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Closes the channel and stops the thread; pending queries fail. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("mDNS query closed")));
        pending.clear();
    }
}
