package io.strom.rtmp.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.strom.api.auth.AuthManager;
import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolServer;
import io.strom.api.protocol.ProtocolSession;
import io.strom.api.settings.ListenAddress;
import java.io.File;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
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
 * The RTMP listener on {@code rtmpAddress} (and RTMPS on {@code rtmpsAddress}), registered as the
 * {@code rtmp} {@link ProtocolServer}. Each connection's pipeline is the handshake, the chunk
 * decoder and encoder, and an {@link RtmpConn}.
 *
 * <p>No {@code @Modified}: an address change re-activates it; {@link #close} closes every
 * connection (publishers leave their paths, readers end) and frees the ports. Per-connection
 * write buffer: 1 MiB high-water mark, beyond which a reader drops whole frames.
 */
@Component(service = {ProtocolServer.class, MetricsSource.class}, configurationPid = RtmpServer.PID, immediate = true,
        property = ProtocolServer.PROTOCOL + "=rtmp")
@Designate(ocd = RtmpServer.Config.class)
public class RtmpServer implements ProtocolServer, MetricsSource {

    static final String PID = "io.strom.rtmp";
    /** The largest RTMP message accepted: a keyframe of a high-bitrate 4K stream fits several times. */
    static final int MAX_MESSAGE_LENGTH = 8 * 1024 * 1024;
    /** How many readers of a path {@link #loopToJoin} puts on its publisher's event loop. */
    static final int READERS_PER_PUBLISHER_LOOP = 256;

    @ObjectClassDefinition(id = PID, name = "Strom RTMP server", description = "RTMP and RTMPS publishing and reading.")
    @interface Config {
        @AttributeDefinition(name = "Address", description = "Where the RTMP server listens: ':1935' on every "
                + "interface, '127.0.0.1:1935' on loopback only.")
        String rtmpAddress() default ":1935";

        @AttributeDefinition(name = "Encryption", description = "'no': RTMP only; 'optional': RTMP and RTMPS; "
                + "'strict': RTMPS only (TLS on rtmpsAddress with rtmpServerCert and rtmpServerKey).",
                options = {@Option(value = "no"), @Option(value = "optional"), @Option(value = "strict")})
        String rtmpEncryption() default "no";

        @AttributeDefinition(name = "RTMPS address", description = "Where the RTMPS (TLS) listener listens.")
        String rtmpsAddress() default ":1936";

        @AttributeDefinition(name = "TLS key", description = "PEM file of the RTMPS private key (PKCS#8).")
        String rtmpServerKey() default "server.key";

        @AttributeDefinition(name = "TLS certificate", description = "PEM file of the RTMPS certificate chain.")
        String rtmpServerCert() default "server.crt";
    }

    private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);

    /** Connections refused at the handshake (wrong version). */
    final LongAdder handshakesRefused = new LongAdder();
    /** Connections closed for a protocol error (bad chunk, absurd size, bad AMF). */
    final LongAdder protocolErrors = new LongAdder();
    private final Set<RtmpConn> conns = ConcurrentHashMap.newKeySet();
    private final PathManager pathManager;
    private final AuthManager authManager;
    private final EventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<String> protocols;

    @Activate
    public RtmpServer(Config config, @Reference PathManager pathManager, @Reference AuthManager authManager)
            throws Exception {
        this.pathManager = pathManager;
        this.authManager = authManager;
        String encryption = config.rtmpEncryption();
        if (!Set.of("no", "optional", "strict").contains(encryption)) {
            throw new IllegalArgumentException("rtmpEncryption: '" + encryption + "' is not no, optional or strict");
        }
        this.protocols = switch (encryption) {
            case "no" -> List.of("rtmp");
            case "strict" -> List.of("rtmps");
            default -> List.of("rtmp", "rtmps");
        };
        SslContext tls = encryption.equals("no") ? null : tls(config.rtmpServerCert(), config.rtmpServerKey());
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // One loop per core, not Netty's default of two: every extra loop a path's readers are spread
        // over costs a wake-up (eventfd write and epoll round trip) per unit, which at a few readers
        // was a third of the server's system time (bench/RESULTS.md, 2026-11-26).
        group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("strom-rtmp", true), io);
        try {
            if (!encryption.equals("strict")) {
                listeners.add(listen(ListenAddress.parse("rtmpAddress", config.rtmpAddress()).toSocketAddress(), null, epoll));
            }
            if (tls != null) {
                listeners.add(listen(ListenAddress.parse("rtmpsAddress", config.rtmpsAddress()).toSocketAddress(), tls, epoll));
            }
        } catch (Exception e) {
            for (Channel l : listeners) {
                l.close().await(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            LOG.error("RTMP server cannot start: {}", e.toString());
            throw e;
        }
        LOG.info("RTMP listening on {} ({})", listeners.stream().map(Channel::localAddress).toList(), epoll ? "epoll" : "nio");
    }

    private Channel listen(InetSocketAddress address, SslContext tls, boolean epoll) throws InterruptedException {
        return new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        RtmpChunkDecoder decoder = new RtmpChunkDecoder(MAX_MESSAGE_LENGTH);
                        RtmpChunkEncoder encoder = new RtmpChunkEncoder();
                        ch.pipeline().addLast(new RtmpHandshakeHandler(handshakesRefused), decoder, encoder,
                                new RtmpConn(RtmpServer.this, pathManager, authManager, decoder, encoder, tls != null));
                    }
                })
                .bind(address).sync().channel();
    }

    private static SslContext tls(String certFile, String keyFile) {
        File cert = new File(certFile);
        File key = new File(keyFile);
        if (!cert.isFile()) {
            throw new IllegalArgumentException("rtmpServerCert: '" + certFile + "' is not a readable file");
        }
        if (!key.isFile()) {
            throw new IllegalArgumentException("rtmpServerKey: '" + keyFile + "' is not a readable file");
        }
        try {
            return SslContextBuilder.forServer(cert, key).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("rtmpServerCert/rtmpServerKey: cannot load a certificate and PKCS#8 key: "
                    + e.getMessage(), e);
        }
    }


    /**
     * The event loop a new reader of {@code path} should move to: that of the RTMP connection
     * publishing it, unless the reader is there already or {@value #READERS_PER_PUBLISHER_LOOP}
     * readers of the path are (beyond that, readers stay spread over the loops, so that one
     * path's audience can use every core). Null when there is no RTMP publisher of the path.
     */
    EventLoop loopToJoin(String path, EventLoop current) {
        EventLoop target = null;
        for (RtmpConn c : conns) {
            if (path.equals(c.publishing())) {
                target = c.eventLoop();
            }
        }
        if (target == null || target == current) {
            return null;
        }
        int there = 0;
        for (RtmpConn c : conns) {
            if (path.equals(c.playing()) && c.eventLoop() == target) {
                there++;
            }
        }
        return there < READERS_PER_PUBLISHER_LOOP ? target : null;
    }

    void opened(RtmpConn conn) {
        conns.add(conn);
    }

    void closed(RtmpConn conn) {
        conns.remove(conn);
    }

    @Override
    public String protocol() {
        return "rtmp";
    }

    @Override
    public List<String> protocols() {
        return protocols;
    }

    /** Each RTMP connection is one session: the API lists them as {@code rtmpconns}. */
    @Override
    public String sessionKind() {
        return CONNS;
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
        for (RtmpConn c : conns) {
            ProtocolSession s = c.describe();
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public boolean kick(String id) {
        for (RtmpConn c : conns) {
            if (c.id().equals(id)) {
                c.close("kicked");
                return true;
            }
        }
        return false;
    }

    @Override
    public void collect(MetricsWriter out) {
        RtmpMetrics.write(conns, handshakesRefused.sum(), protocolErrors.sum(), out);
    }

    @Deactivate
    void close() throws InterruptedException {
        for (Channel l : listeners) {
            l.close().await(5, TimeUnit.SECONDS);
        }
        conns.forEach(c -> c.close("server stopping"));
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        LOG.info("RTMP listener closed");
    }
}
