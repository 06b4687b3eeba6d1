package io.strom.webrtc.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
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
import io.netty.util.concurrent.DefaultThreadFactory;
import io.strom.api.auth.AuthManager;
import io.strom.api.ice.IceTransportFactory;
import io.strom.api.nack.NackGeneratorFactory;
import io.strom.api.nack.RetransmissionBufferFactory;
import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import io.strom.api.metrics.SessionMetrics;
import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolServer;
import io.strom.api.protocol.ProtocolSession;
import io.strom.api.settings.Durations;
import io.strom.api.settings.ListenAddress;
import io.strom.api.srtp.SrtpCipherSuite;
import io.strom.webrtc.internal.dtls.DtlsCertificate;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebRTC server on {@code webrtcAddress}: WHEP signalling and the player page over HTTP,
 * registered as the {@code webrtc} {@link ProtocolServer}.
 *
 * <p>ICE, SRTP and retransmission buffers are optional dynamic references: the server stays up
 * without them and answers offers with 503 and the missing service named, and each new session
 * takes the highest-ranked implementations present at its set-up while running sessions keep
 * theirs. No {@code @Modified}: a changed setting re-activates the component, which ends its
 * sessions and frees its port.
 */
@Component(service = {ProtocolServer.class, MetricsSource.class}, configurationPid = WebRtcServer.PID, immediate = true,
        property = ProtocolServer.PROTOCOL + "=webrtc")
@Designate(ocd = WebRtcServer.Config.class)
public class WebRtcServer implements ProtocolServer, MetricsSource {

    static final String PID = "io.strom.webrtc";

    @ObjectClassDefinition(id = PID, name = "Strom WebRTC server", description = "WHEP reading over WebRTC and the player page.")
    @interface Config {
        @AttributeDefinition(name = "Address", description = "Where the WHEP/HTTP listener listens: ':8889' on every "
                + "interface, '127.0.0.1:8889' on loopback only.")
        String webrtcAddress() default ":8889";

        @AttributeDefinition(name = "Allowed origin", description = "Access-Control-Allow-Origin for WHEP requests "
                + "from pages served elsewhere.")
        String webrtcAllowOrigin() default "*";

        @AttributeDefinition(name = "RTCP interval", description = "How often each session sends RTCP sender reports.")
        String rtcpInterval() default "1s";

        @AttributeDefinition(name = "DTLS handshake timeout", description = "How long a peer may take for the DTLS "
                + "handshake once ICE is connected.")
        String dtlsHandshakeTimeout() default "10s";

        @AttributeDefinition(name = "Simulated loss (%)", description = "Drops this percentage of first "
                + "transmissions of media packets before they reach the network, to test NACK recovery with real "
                + "clients on a loss-free loopback. Keep 0 in production.")
        int webrtcSimulatedLoss() default 0;
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcServer.class);
    /** Handshakes that may block a thread at once; more wait in the queue (BC's DTLS API is blocking). */
    private static final int MAX_HANDSHAKE_THREADS = 32;

    final WebRtcCounters counters = new WebRtcCounters();
    private final Map<String, WebRtcSession> sessions = new ConcurrentHashMap<>();
    private final PathManager pathManager;
    private final AuthManager authManager;
    private final String allowOrigin;
    private final long rtcpIntervalMillis;
    private final long handshakeTimeoutMillis;
    private final double simulatedLoss;
    private final DtlsCertificate certificate;
    private final ExecutorService handshakes;
    private final EventLoopGroup group;
    private final Channel listener;

    // Bind methods, not field references: see RankedServices for why.
    private final RankedServices<IceTransportFactory> iceFactories = new RankedServices<>();
    private final RankedServices<SrtpCipherSuite> srtpSuites = new RankedServices<>();
    private final RankedServices<RetransmissionBufferFactory> retransmissionFactories = new RankedServices<>();
    private final RankedServices<NackGeneratorFactory> nackGeneratorFactories = new RankedServices<>();

    @Activate
    public WebRtcServer(Config config, @Reference PathManager pathManager, @Reference AuthManager authManager)
            throws Exception {
        this.pathManager = pathManager;
        this.authManager = authManager;
        this.allowOrigin = config.webrtcAllowOrigin();
        this.rtcpIntervalMillis = Durations.parse("rtcpInterval", config.rtcpInterval()).toMillis();
        this.handshakeTimeoutMillis = Durations.parse("dtlsHandshakeTimeout", config.dtlsHandshakeTimeout()).toMillis();
        if (config.webrtcSimulatedLoss() < 0 || config.webrtcSimulatedLoss() > 50) {
            throw new IllegalArgumentException("webrtcSimulatedLoss: " + config.webrtcSimulatedLoss() + " is not a percentage from 0 to 50");
        }
        this.simulatedLoss = config.webrtcSimulatedLoss() / 100.0;
        if (simulatedLoss > 0) {
            LOG.warn("WebRTC drops {} % of first media transmissions on purpose (webrtcSimulatedLoss)", config.webrtcSimulatedLoss());
        }
        InetSocketAddress address = ListenAddress.parse("webrtcAddress", config.webrtcAddress()).toSocketAddress();
        this.certificate = DtlsCertificate.generate(java.time.Clock.systemUTC(), new java.security.SecureRandom());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_HANDSHAKE_THREADS, MAX_HANDSHAKE_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("strom-dtls", true));
        pool.allowCoreThreadTimeOut(true);
        this.handshakes = pool;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // One loop per core, not Netty's default of two: every extra loop a path's readers are spread
        // over costs a wake-up (eventfd write and epoll round trip) per unit, which at a few readers
        // was a third of the server's system time (bench/RESULTS.md, 2026-11-26).
        group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("strom-webrtc", true), io);
        try {
            WhepHandler handler = new WhepHandler(this);
            listener = new ServerBootstrap().group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(OfferSdp.MAX_LENGTH), handler);
                        }
                    })
                    .bind(address).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            handshakes.shutdownNow();
            LOG.error("WebRTC server cannot listen on {}: {}", config.webrtcAddress(), e.toString());
            throw e;
        }
        LOG.info("WebRTC (WHEP, WHIP) listening on {} ({})", listener.localAddress(), epoll ? "epoll" : "nio");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIceFactory(IceTransportFactory service, Map<String, Object> properties) {
        iceFactories.bind(service, properties);
    }

    void updatedIceFactory(IceTransportFactory service, Map<String, Object> properties) {
        iceFactories.updated(service, properties);
    }

    void unbindIceFactory(IceTransportFactory service, Map<String, Object> properties) {
        iceFactories.unbind(service, properties);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSrtpSuite(SrtpCipherSuite service, Map<String, Object> properties) {
        srtpSuites.bind(service, properties);
    }

    void updatedSrtpSuite(SrtpCipherSuite service, Map<String, Object> properties) {
        srtpSuites.updated(service, properties);
    }

    void unbindSrtpSuite(SrtpCipherSuite service, Map<String, Object> properties) {
        srtpSuites.unbind(service, properties);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRetransmissionFactory(RetransmissionBufferFactory service, Map<String, Object> properties) {
        retransmissionFactories.bind(service, properties);
    }

    void updatedRetransmissionFactory(RetransmissionBufferFactory service, Map<String, Object> properties) {
        retransmissionFactories.updated(service, properties);
    }

    void unbindRetransmissionFactory(RetransmissionBufferFactory service, Map<String, Object> properties) {
        retransmissionFactories.unbind(service, properties);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindNackGeneratorFactory(NackGeneratorFactory service, Map<String, Object> properties) {
        nackGeneratorFactories.bind(service, properties);
    }

    void updatedNackGeneratorFactory(NackGeneratorFactory service, Map<String, Object> properties) {
        nackGeneratorFactories.updated(service, properties);
    }

    void unbindNackGeneratorFactory(NackGeneratorFactory service, Map<String, Object> properties) {
        nackGeneratorFactories.unbind(service, properties);
    }

    @Deactivate
    void close() throws InterruptedException {
        for (WebRtcSession s : List.copyOf(sessions.values())) {
            s.close("WebRTC server stopping");
        }
        listener.close().await(5, TimeUnit.SECONDS);
        handshakes.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        handshakes.awaitTermination(5, TimeUnit.SECONDS);
        LOG.info("WebRTC server closed");
    }

    /**
     * The services a new session uses now.
     *
     * @throws ServiceMissingException naming what is missing
     */
    SessionServices servicesForNewSession() throws ServiceMissingException {
        IceTransportFactory ice = iceFactories.best();
        if (ice == null) {
            throw new ServiceMissingException("no ICE transport is available (start bundle io.strom.ice or io.strom.ice.lite)");
        }
        List<SrtpCipherSuite> suites = oneProviderPerProfile(srtpSuites.byRanking());
        if (suites.isEmpty()) {
            throw new ServiceMissingException("no SRTP cipher suite is available (start bundle io.strom.srtp or io.strom.srtp.bc)");
        }
        return new SessionServices(ice, suites, retransmissionFactories.best(), nackGeneratorFactories.best());
    }

    /**
     * The {@code Link} headers announcing the ICE servers of the ICE factory new sessions use
     * (its {@code webrtcICEServers2} configuration, which DS publishes as a service property).
     */
    List<String> iceServerLinks() {
        Object servers = iceFactories.bestProperties().get("webrtcICEServers2");
        return servers instanceof String[] entries ? IceServerLinks.of(entries) : List.of();
    }

    /** The suites in order, keeping for each profile only its highest-ranked provider. */
    private static List<SrtpCipherSuite> oneProviderPerProfile(List<SrtpCipherSuite> suites) {
        List<SrtpCipherSuite> out = new ArrayList<>();
        for (SrtpCipherSuite s : suites) {
            if (out.stream().noneMatch(o -> o.profileId() == s.profileId())) {
                out.add(s);
            }
        }
        return out;
    }

    WhepSession newSession(String id, String path, io.strom.api.media.MediaDescription description, AnswerPlan plan,
                           SessionServices services) throws java.io.IOException {
        EventLoop loop = group.next();
        WhepSession session = new WhepSession(this, id, path, description, plan, services, loop, counters);
        sessions.put(id, session);
        return session;
    }

    WhipSession newWhipSession(String id, String path, IngestPlan plan, SessionServices services)
            throws java.io.IOException {
        WhipSession session = new WhipSession(this, id, path, plan, services, group.next(), counters);
        sessions.put(id, session);
        return session;
    }

    WebRtcSession session(String id) {
        return sessions.get(id);
    }

    void removed(WebRtcSession session) {
        sessions.remove(session.id(), session);
    }

    PathManager pathManager() {
        return pathManager;
    }

    AuthManager authManager() {
        return authManager;
    }

    String allowOrigin() {
        return allowOrigin;
    }

    long rtcpIntervalMillis() {
        return rtcpIntervalMillis;
    }

    long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /** The share of first transmissions dropped on purpose (0 unless testing). */
    double simulatedLoss() {
        return simulatedLoss;
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    ExecutorService handshakeExecutor() {
        return handshakes;
    }

    ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    public String protocol() {
        return "webrtc";
    }

    @Override
    public List<InetSocketAddress> listenAddresses() {
        return List.of((InetSocketAddress) listener.localAddress());
    }

    @Override
    public List<ProtocolSession> sessions() {
        return sessions.values().stream().map(WebRtcSession::snapshot).toList();
    }

    @Override
    public void collect(MetricsWriter out) {
        SessionMetrics.write(out, "webrtc_sessions", "WebRTC sessions", sessions());
        counters.write(out);
    }

    @Override
    public boolean kick(String id) {
        WebRtcSession s = sessions.get(id);
        if (s == null) {
            return false;
        }
        s.close("kicked");
        return true;
    }
}
