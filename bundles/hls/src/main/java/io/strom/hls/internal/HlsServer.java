package io.strom.hls.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.strom.api.auth.AuthManager;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathInfo;
import io.strom.api.path.PathManager;
import io.strom.api.path.ReaderHandle;
import io.strom.api.protocol.ProtocolServer;
import io.strom.api.protocol.ProtocolSession;
import io.strom.api.settings.ListenAddress;
import java.io.File;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * The HLS listener on {@code hlsAddress}, registered as the {@code hls} {@link ProtocolServer}
 * whose sessions are the muxers. A path's muxer starts on the first request for it (or as soon
 * as it is published, with {@code hlsAlwaysRemux}) and stops after {@code hlsMuxerCloseAfter}
 * without requests. No {@code @Modified}: a change re-activates the server, which closes every
 * muxer and frees the port.
 */
@Component(service = ProtocolServer.class, configurationPid = HlsServer.PID, immediate = true,
        property = ProtocolServer.PROTOCOL + "=hls")
@Designate(ocd = HlsServer.Config.class)
public class HlsServer implements ProtocolServer {

    static final String PID = "io.strom.hls";
    /** Connections idle this long are closed (a held request is not idle: it ends within its wait). */
    private static final int IDLE_SECONDS = 60;

    @ObjectClassDefinition(id = PID, name = "Strom HLS server", description = "HLS and Low-Latency HLS reading.")
    @interface Config {
        @AttributeDefinition(name = "Address", description = "Where the HLS server listens: ':8888' on every interface.")
        String hlsAddress() default ":8888";

        @AttributeDefinition(name = "Variant", description = "'lowLatency': fMP4 segments made of parts (LL-HLS, lowest "
                + "latency, Apple and hls.js players); 'fmp4': fMP4 segments; 'mpegts': MPEG-TS segments (every player, "
                + "no Opus).", options = {@Option(value = "lowLatency"), @Option(value = "fmp4"), @Option(value = "mpegts")})
        String hlsVariant() default "lowLatency";

        @AttributeDefinition(name = "Segment count", description = "Segments listed in a playlist and kept in memory "
                + "(at least 3; more: players may start further behind, more memory).")
        int hlsSegmentCount() default 7;

        @AttributeDefinition(name = "Segment duration", description = "The shortest segment; a segment ends at the first "
                + "keyframe after it, so the publisher's keyframe interval sets the real length. Shorter: lower "
                + "latency without LL-HLS, more requests.")
        String hlsSegmentDuration() default "1s";

        @AttributeDefinition(name = "Part duration", description = "The longest part of a low-latency segment. Shorter: "
                + "lower latency, more requests per second per player.")
        String hlsPartDuration() default "200ms";

        @AttributeDefinition(name = "Segment maximum size", description = "A segment larger than this (like 50M) stops "
                + "the muxer: it bounds the memory one path can take.")
        String hlsSegmentMaxSize() default "50M";

        @AttributeDefinition(name = "Always remux", description = "Run a muxer for every published path even without "
                + "readers: the first player starts at once, at the cost of muxing nobody watches.")
        boolean hlsAlwaysRemux() default false;

        @AttributeDefinition(name = "Muxer close after", description = "How long a muxer nobody requests lives on.")
        String hlsMuxerCloseAfter() default "60s";

        @AttributeDefinition(name = "Allow origin", description = "The Access-Control-Allow-Origin header (CORS): '*' "
                + "lets pages of any site play the streams.")
        String hlsAllowOrigin() default "*";

        @AttributeDefinition(name = "Encryption", description = "Serve HTTPS with hlsServerCert and hlsServerKey.")
        boolean hlsEncryption() default false;

        @AttributeDefinition(name = "TLS key", description = "PEM file of the HTTPS private key (PKCS#8).")
        String hlsServerKey() default "server.key";

        @AttributeDefinition(name = "TLS certificate", description = "PEM file of the HTTPS certificate chain.")
        String hlsServerCert() default "server.crt";
    }

    private static final Logger LOG = LoggerFactory.getLogger(HlsServer.class);

    private final PathManager pathManager;
    private final AuthManager authManager;
    private final HlsSettings settings;
    private final EventLoopGroup group;
    private final Channel listener;
    private final Map<String, Muxer> muxers = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> remuxScan;
    private volatile boolean stopping;

    @Activate
    public HlsServer(Config config, @Reference PathManager pathManager, @Reference AuthManager authManager)
            throws Exception {
        this.pathManager = pathManager;
        this.authManager = authManager;
        this.settings = HlsSettings.of(config);
        InetSocketAddress address = ListenAddress.parse("hlsAddress", config.hlsAddress()).toSocketAddress();
        SslContext tls = config.hlsEncryption() ? tls(config.hlsServerCert(), config.hlsServerKey()) : null;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // One loop per core, not Netty's default of two: every extra loop a path's readers are spread
        // over costs a wake-up (eventfd write and epoll round trip) per unit, which at a few readers
        // was a third of the server's system time (bench/RESULTS.md, 2026-11-26).
        group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("strom-hls", true), io);
        HlsHandler handler = new HlsHandler(this);
        try {
            listener = new ServerBootstrap().group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS) {
                                @Override
                                protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx,
                                        io.netty.handler.timeout.IdleStateEvent evt) {
                                    ctx.close();
                                }
                            }, new HttpServerCodec(4096, 8192, 8192), new HttpObjectAggregator(8192), handler);
                        }
                    })
                    .bind(address).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            LOG.error("HLS server cannot start: {}", e.toString());
            throw e;
        }
        remuxScan = settings.alwaysRemux()
                ? group.next().scheduleAtFixedRate(this::remuxPublished, 0, 1, TimeUnit.SECONDS) : null;
        LOG.info("HLS listening on {} ({}, variant {})", listener.localAddress(), tls != null ? "https" : "http",
                settings.variant().key);
    }

    private static SslContext tls(String certFile, String keyFile) {
        File cert = new File(certFile);
        File key = new File(keyFile);
        if (!cert.isFile()) {
            throw new IllegalArgumentException("hlsServerCert: '" + certFile + "' is not a readable file");
        }
        if (!key.isFile()) {
            throw new IllegalArgumentException("hlsServerKey: '" + keyFile + "' is not a readable file");
        }
        try {
            return SslContextBuilder.forServer(cert, key).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("hlsServerCert/hlsServerKey: cannot load a certificate and PKCS#8 key: "
                    + e.getMessage(), e);
        }
    }

    HlsSettings settings() {
        return settings;
    }

    AuthManager authManager() {
        return authManager;
    }

    /** The muxer of {@code path}, started on {@code loop} (the asking connection's) when there is none. */
    Muxer muxer(String path, EventLoop loop) throws PathException {
        Muxer m = muxers.get(path);
        if (m != null && !m.isClosed()) {
            return m;
        }
        synchronized (muxers) {
            m = muxers.get(path);
            if (m != null && !m.isClosed()) {
                return m;
            }
            if (stopping) {
                throw new PathException(PathException.Reason.NO_PUBLISHER, "the HLS server is stopping");
            }
            Muxer created = new Muxer(this, path, UUID.randomUUID().toString(), loop, settings,
                    PooledByteBufAllocator.DEFAULT, Clock.systemUTC());
            ReaderHandle handle = pathManager.addReader(new AddReaderRequest(path, created));
            created.start(handle);
            if (created.carriesNothing()) {
                created.close("no track the " + settings.variant().key + " variant can carry");
                throw new PathException(PathException.Reason.NO_PUBLISHER, "'" + path + "' has no track HLS ("
                        + settings.variant().key + ") can carry: " + handle.description().codecs());
            }
            muxers.put(path, created);
            LOG.info("HLS muxer of '{}' started ({})", path, settings.variant().key);
            return created;
        }
    }

    void removed(Muxer m) {
        muxers.remove(m.path, m);
    }

    private void remuxPublished() {
        for (PathInfo p : pathManager.paths()) {
            if (p.ready() && !muxers.containsKey(p.name())) {
                try {
                    muxer(p.name(), group.next());
                } catch (PathException e) {
                    LOG.debug("HLS cannot remux '{}': {}", p.name(), e.getMessage());
                }
            }
        }
    }

    @Override
    public String protocol() {
        return "hls";
    }

    @Override
    public List<InetSocketAddress> listenAddresses() {
        return List.of((InetSocketAddress) listener.localAddress());
    }

    @Override
    public List<ProtocolSession> sessions() {
        List<ProtocolSession> out = new ArrayList<>();
        muxers.values().forEach(m -> out.add(m.describe()));
        return out;
    }

    @Override
    public boolean kick(String id) {
        for (Muxer m : muxers.values()) {
            if (m.id().equals(id)) {
                m.close("kicked");
                return true;
            }
        }
        return false;
    }

    @Deactivate
    void close() throws InterruptedException {
        stopping = true;
        if (remuxScan != null) {
            remuxScan.cancel(false);
        }
        listener.close().await(5, TimeUnit.SECONDS);
        List.copyOf(muxers.values()).forEach(m -> m.close("server stopping"));
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        LOG.info("HLS listener closed");
    }
}
