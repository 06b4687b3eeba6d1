package io.strom.rtsp.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.strom.api.auth.AuthManager;
import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolConn;
import io.strom.api.protocol.ProtocolServer;
import io.strom.api.protocol.ProtocolSession;
import io.strom.api.settings.Durations;
import io.strom.api.settings.ListenAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP listener on {@code rtspAddress}, registered as the {@code rtsp} {@link ProtocolServer}.
 *
 * <p>No {@code @Modified}: an address change re-activates it; {@link #close} closes every
 * connection (their sessions end, so publishers' readers are closed) and frees the port before
 * the new listener binds. Uses Netty's native epoll transport where available. A connection
 * idle for {@value RtspConn#SESSION_TIMEOUT_SECONDS} s is closed (clients send GET_PARAMETER or
 * RTCP as keep-alive). Per-connection write buffer: 1 MiB high-water mark, beyond which a
 * reader drops whole units.
 */
@Component(service = {ProtocolServer.class, MetricsSource.class}, configurationPid = RtspServer.PID, immediate = true,
        property = ProtocolServer.PROTOCOL + "=rtsp")
@Designate(ocd = RtspServer.Config.class)
public class RtspServer implements ProtocolServer, MetricsSource {

    static final String PID = "io.strom.rtsp";

    @ObjectClassDefinition(id = PID, name = "Strom RTSP server", description = "RTSP publishing and reading.")
    @interface Config {
        @AttributeDefinition(name = "Address", description = "Where the RTSP server listens: ':8554' on every "
                + "interface, '127.0.0.1:8554' on loopback only.")
        String rtspAddress() default ":8554";

        @AttributeDefinition(name = "Transports", description = "Lower transports clients may use: udp, "
                + "multicast, tcp (RTP interleaved in the RTSP connection).")
        String[] rtspTransports() default {"udp", "multicast", "tcp"};

        @AttributeDefinition(name = "RTP address", description = "UDP address of the RTP socket shared by all "
                + "unicast UDP sessions.")
        String rtpAddress() default ":8000";

        @AttributeDefinition(name = "RTCP address", description = "UDP address of the RTCP socket shared by all "
                + "unicast UDP sessions.")
        String rtcpAddress() default ":8001";

        @AttributeDefinition(name = "Multicast range", description = "IPv4 multicast network from which each "
                + "track read over multicast gets its group address.")
        String multicastIPRange() default "224.1.0.0/16";

        @AttributeDefinition(name = "Multicast RTP port", description = "Destination port of multicast RTP.")
        int multicastRTPPort() default 8002;

        @AttributeDefinition(name = "Multicast RTCP port", description = "Destination port of multicast RTCP.")
        int multicastRTCPPort() default 8003;

        @AttributeDefinition(name = "Encryption", description = "'no': RTSP only; 'optional': RTSP and RTSPS; "
                + "'strict': RTSPS only (TLS on rtspsAddress with rtspServerCert and rtspServerKey).",
                options = {@Option(value = "no"), @Option(value = "optional"), @Option(value = "strict")})
        String rtspEncryption() default "no";

        @AttributeDefinition(name = "RTSPS address", description = "Where the RTSPS (TLS) listener listens.")
        String rtspsAddress() default ":8322";

        @AttributeDefinition(name = "TLS key", description = "PEM file of the RTSPS private key (PKCS#8).")
        String rtspServerKey() default "server.key";

        @AttributeDefinition(name = "TLS certificate", description = "PEM file of the RTSPS certificate chain.")
        String rtspServerCert() default "server.crt";

        @AttributeDefinition(name = "Authentication methods", description = "Challenges offered to clients: "
                + "basic, digest (digest needs plain passwords in authInternalUsers).")
        String[] rtspAuthMethods() default {"basic"};

        @AttributeDefinition(name = "Read timeout", description = "A publisher that sends no RTP for this long "
                + "is disconnected (e.g. 10s, 500ms).")
        String readTimeout() default "10s";
    }

    private static final Logger LOG = LoggerFactory.getLogger(RtspServer.class);

    final LongAdder framesDropped = new LongAdder();
    private final Set<RtspConn> conns = ConcurrentHashMap.newKeySet();
    private final PathManager pathManager;
    private final AuthManager authManager;
    private final Set<TransportHeader.Protocol> transports;
    private final Set<String> authMethods;
    private final long readTimeoutNanos;
    private final EventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<String> protocols;
    private RtspUdpListener udp;
    private RtspMulticast multicast;

    @Activate
    public RtspServer(Config config, @Reference PathManager pathManager, @Reference AuthManager authManager)
            throws Exception {
        this.pathManager = pathManager;
        this.authManager = authManager;
        this.transports = parseTransports(config.rtspTransports());
        this.authMethods = parseAuthMethods(config.rtspAuthMethods());
        this.readTimeoutNanos = Durations.parse("readTimeout", config.readTimeout()).toNanos();
        String encryption = config.rtspEncryption();
        if (!Set.of("no", "optional", "strict").contains(encryption)) {
            throw new IllegalArgumentException("rtspEncryption: '" + encryption + "' is not no, optional or strict");
        }
        this.protocols = switch (encryption) {
            case "no" -> List.of("rtsp");
            case "strict" -> List.of("rtsps");
            default -> List.of("rtsp", "rtsps");
        };
        SslContext tls = encryption.equals("no") ? null : RtspTls.serverContext(config.rtspServerCert(), config.rtspServerKey());
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // One loop per core, not Netty's default of two: every extra loop a path's readers are spread
        // over costs a wake-up (eventfd write and epoll round trip) per unit, which at a few readers
        // was a third of the server's system time (bench/RESULTS.md, 2026-11-26).
        group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("strom-rtsp", true), io);
        try {
            if (!encryption.equals("strict")) {
                listeners.add(listen(ListenAddress.parse("rtspAddress", config.rtspAddress()).toSocketAddress(), null, epoll));
            }
            if (tls != null) {
                listeners.add(listen(ListenAddress.parse("rtspsAddress", config.rtspsAddress()).toSocketAddress(), tls, epoll));
            }
            if (transports.contains(TransportHeader.Protocol.UDP)) {
                udp = new RtspUdpListener(group.next(), epoll ? EpollDatagramChannel.class : NioDatagramChannel.class,
                        ListenAddress.parse("rtpAddress", config.rtpAddress()).toSocketAddress(),
                        ListenAddress.parse("rtcpAddress", config.rtcpAddress()).toSocketAddress());
            }
            if (transports.contains(TransportHeader.Protocol.MULTICAST)) {
                multicast = new RtspMulticast(pathManager, group.next(), epoll ? EpollDatagramChannel.class : NioDatagramChannel.class,
                        config.multicastIPRange(), config.multicastRTPPort(), config.multicastRTCPPort());
            }
        } catch (Exception e) {
            if (udp != null) {
                udp.close();
            }
            for (Channel l : listeners) {
                l.close().await(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            LOG.error("RTSP server cannot start: {}", e.toString());
            throw e;
        }
        LOG.info("RTSP listening on {}{} ({})", listeners.stream().map(Channel::localAddress).toList(),
                udp == null ? "" : ", UDP RTP/RTCP on " + udp.rtpPort() + "/" + udp.rtcpPort(), epoll ? "epoll" : "nio");
    }

    private Channel listen(InetSocketAddress address, SslContext tls, boolean epoll) throws InterruptedException {
        return new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ByteCounter counter = new ByteCounter();
                        ch.pipeline().addLast(counter);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new RtspDecoder(), new RtspConn(pathManager, RtspServer.this, counter));
                    }
                })
                .bind(address).sync().channel();
    }

    private static Set<TransportHeader.Protocol> parseTransports(String[] names) {
        Set<TransportHeader.Protocol> out = EnumSet.noneOf(TransportHeader.Protocol.class);
        for (String n : names) {
            TransportHeader.Protocol p = Arrays.stream(TransportHeader.Protocol.values())
                    .filter(v -> v.key.equals(n.trim().toLowerCase(Locale.ROOT))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("rtspTransports: '" + n + "' is not udp, multicast or tcp"));
            out.add(p);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("rtspTransports: at least one transport is needed");
        }
        return out;
    }

    private static Set<String> parseAuthMethods(String[] names) {
        Set<String> out = new java.util.HashSet<>();
        for (String n : names) {
            String m = n.trim().toLowerCase(Locale.ROOT);
            if (!m.equals("basic") && !m.equals("digest")) {
                throw new IllegalArgumentException("rtspAuthMethods: '" + n + "' is not basic or digest");
            }
            out.add(m);
        }
        return Set.copyOf(out);
    }

    Set<TransportHeader.Protocol> transports() {
        return transports;
    }

    /** The UDP sockets, or null when UDP is not among {@code rtspTransports}. */
    RtspUdpListener udp() {
        return udp;
    }

    /** Multicast delivery, or null when multicast is not among {@code rtspTransports}. */
    RtspMulticast multicast() {
        return multicast;
    }

    long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    RtspAuth newAuth(String nonce) {
        return new RtspAuth(authManager, authMethods, nonce);
    }


    void opened(RtspConn conn) {
        conns.add(conn);
    }

    void closed(RtspConn conn) {
        conns.remove(conn);
    }

    @Override
    public String protocol() {
        return "rtsp";
    }

    @Override
    public List<String> protocols() {
        return protocols;
    }

    @Override
    public List<InetSocketAddress> listenAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        listeners.forEach(l -> out.add((InetSocketAddress) l.localAddress()));
        return out;
    }

    @Override
    public List<ProtocolSession> sessions() {
        List<ProtocolSession> out = new ArrayList<>();
        for (RtspConn c : conns) {
            ProtocolSession s = c.describe();
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public List<ProtocolConn> connections() {
        List<ProtocolConn> out = new ArrayList<>();
        for (RtspConn c : conns) {
            RtspSession s = c.session;
            out.add(new ProtocolConn(c.id, c.created, c.remoteAddress(), c.protocol(), s == null ? "" : s.id,
                    c.counter.bytesReceived, c.counter.bytesSent));
        }
        return out;
    }

    @Override
    public boolean kick(String id) {
        for (RtspConn c : conns) {
            RtspSession s = c.session;
            if (s != null && s.id.equals(id)) {
                c.close();
                return true;
            }
        }
        return false;
    }

    @Override
    public void collect(MetricsWriter out) {
        RtspMetrics.write(conns, framesDropped.sum(), udp == null ? 0 : udp.datagramsDropped.sum(), out);
    }

    @Deactivate
    void close() throws InterruptedException {
        for (Channel l : listeners) {
            l.close().await(5, TimeUnit.SECONDS);
        }
        conns.forEach(RtspConn::close);
        if (udp != null) {
            udp.close();
        }
        if (multicast != null) {
            multicast.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        LOG.info("RTSP listener closed");
    }
}
