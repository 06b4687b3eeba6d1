package io.strom.example.udpmpegts.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.strom.api.path.PathManager;
import io.strom.api.path.PathNames;
import io.strom.api.protocol.ProtocolServer;
import io.strom.api.protocol.ProtocolSession;
import io.strom.api.settings.Durations;
import io.strom.api.settings.ListenAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MPEG-TS over UDP source, like a MediaMTX path with {@code source: udp://address}: a
 * factory configuration (one per source, PID {@value #PID}) names the path and the address,
 * and this component listens there and publishes what arrives.
 *
 * <p>Lifecycle is DS's: the component activates when its configuration exists and a
 * {@link PathManager} is there, and deactivates (closing the socket, so the port is free at once,
 * and stopping its thread) when the configuration is deleted, the bundle stops or the jar leaves
 * {@code deploy/}. There is no {@code @Modified}: any change re-activates it, which rebinds.
 *
 * <p>{@code immediate}: a component that offers a service is otherwise created only when someone
 * asks for the service, and a source must listen whether or not anyone lists it.
 *
 * <p>Each source has its own single-thread event loop, so the demuxer and the publisher need no
 * locks. It is also registered as a {@link ProtocolServer}, so tools that list Strom's listeners
 * and sessions see it. Once a second it checks for silence (after {@code readTimeout} without
 * TS, the publisher leaves the path) and logs its counters when they changed.
 */
@Component(service = ProtocolServer.class, configurationPid = UdpMpegtsSource.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = ProtocolServer.PROTOCOL + "=" + UdpMpegtsSource.PROTOCOL)
@Designate(ocd = UdpMpegtsSource.Config.class, factory = true)
public class UdpMpegtsSource implements ProtocolServer {

    static final String PID = "io.strom.example.udpmpegts";
    static final String PROTOCOL = "udp-mpegts";
    static final Logger LOG = LoggerFactory.getLogger(UdpMpegtsSource.class);

    @ObjectClassDefinition(id = PID, name = "Strom example: MPEG-TS over UDP source",
            description = "Publishes MPEG-TS received over UDP (H264, H265, AAC, Opus) into a path; one configuration per source.")
    @interface Config {
        @AttributeDefinition(name = "Path", description = "The path to publish into, as readers name it (live/cam). "
                + "It must match a path configuration; a path that has a publisher already is retried every 5 s.")
        String path();

        @AttributeDefinition(name = "Address", description = "Where to receive: '127.0.0.1:9000', ':9000' on every "
                + "interface, or a multicast group such as '239.0.0.1:9000' (joined on multicastInterface).")
        String address();

        @AttributeDefinition(name = "Multicast interface", required = false, description = "The network interface "
                + "(e.g. eth0) that joins a multicast group; empty: the first interface that is up and supports multicast.")
        String multicastInterface() default "";

        @AttributeDefinition(name = "Read timeout", description = "Silence after which the publisher leaves the path "
                + "(readers end); it joins again when TS comes back. Short: readers end on a brief outage; long: readers "
                + "wait on a dead stream.")
        String readTimeout() default "10s";

        @AttributeDefinition(name = "Receive buffer", description = "The socket receive buffer in bytes. UDP has no "
                + "flow control: a buffer too small for a burst (a keyframe) loses datagrams.")
        int receiveBufferSize() default 4 * 1024 * 1024;

        String webconsole_configurationFactory_nameHint() default "{path} <- udp://{address}";
    }

    private final String id = UUID.randomUUID().toString();
    private final Instant created = Instant.now();
    private final String path;
    private final SourceCounters counters = new SourceCounters();
    private final EventLoopGroup group;
    private final DatagramChannel channel;
    private final TsToStream toStream;
    private final TsDemuxer demuxer;
    private final long readTimeoutNanos;
    private volatile long lastDatagram = System.nanoTime();
    private String lastLosses = "0/0/0/0";

    @Activate
    public UdpMpegtsSource(Config config, @Reference PathManager pathManager) throws Exception {
        path = config.path();
        InetSocketAddress socket;
        try {
            // Every check names its attribute, so the log says which line of the .cfg is wrong.
            if (path == null || !PathNames.isValid(path)) {
                throw new IllegalArgumentException("path: '" + path + "' is not a valid path name");
            }
            socket = ListenAddress.parse("address", config.address()).toSocketAddress();
            if (socket.isUnresolved()) {
                throw new IllegalArgumentException("address: host '" + socket.getHostString() + "' cannot be resolved");
            }
            readTimeoutNanos = Durations.parse("readTimeout", config.readTimeout()).toNanos();
        } catch (IllegalArgumentException e) {
            LOG.error("MPEG-TS/UDP source not started, configuration rejected: {}", e.getMessage());
            throw e;
        }
        boolean multicast = socket.getAddress().isMulticastAddress();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("strom-udp-mpegts", true), io);
        try {
            toStream = new TsToStream(path, id, pathManager, PooledByteBufAllocator.DEFAULT,
                    group.next(), counters, System::nanoTime);
            demuxer = new TsDemuxer(PooledByteBufAllocator.DEFAULT, toStream, counters);
            channel = bind(socket, multicast, epoll, config);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            LOG.error("udp://{} -> {}: cannot start: {}", config.address(), path, e.toString());
            throw e;
        }
        channel.eventLoop().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        LOG.info("udp://{} -> {}: listening on {} ({})", config.address(), path, channel.localAddress(), epoll ? "epoll" : "nio");
    }

    private DatagramChannel bind(InetSocketAddress socket, boolean multicast, boolean epoll, Config config)
            throws Exception {
        Bootstrap bootstrap = new Bootstrap().group(group)
                .option(ChannelOption.SO_RCVBUF, config.receiveBufferSize())
                .option(ChannelOption.SO_REUSEADDR, multicast)
                .handler(new TsDatagramHandler(demuxer, counters, () -> lastDatagram = System.nanoTime()));
        if (epoll) {
            bootstrap.channel(EpollDatagramChannel.class);
        } else {
            // NIO needs the protocol family up front to join IPv4 groups.
            InternetProtocolFamily family = socket.getAddress() instanceof java.net.Inet6Address
                    ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4;
            bootstrap.channelFactory(() -> new NioDatagramChannel(family));
        }
        // A group is received by binding its port on every address, then joining it on one interface.
        InetSocketAddress local = multicast ? new InetSocketAddress(socket.getPort()) : socket;
        DatagramChannel ch = (DatagramChannel) bootstrap.bind(local).sync().channel();
        if (multicast) {
            try {
                ch.joinGroup(socket, multicastInterface(config.multicastInterface())).sync();
            } catch (Exception e) {
                ch.close().await(5, TimeUnit.SECONDS);
                throw e;
            }
        }
        return ch;
    }

    private static NetworkInterface multicastInterface(String name) throws SocketException {
        if (name != null && !name.isBlank()) {
            NetworkInterface ni = NetworkInterface.getByName(name.strip());
            if (ni == null) {
                throw new IllegalArgumentException("multicastInterface: '" + name + "' is not a network interface");
            }
            return ni;
        }
        return NetworkInterface.networkInterfaces()
                .filter(ni -> {
                    try {
                        return ni.isUp() && ni.supportsMulticast();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("multicastInterface: no interface is up with multicast"));
    }

    /** Once a second on the event loop: leave the path after silence, log changed counters. */
    private void tick() {
        if (toStream.publishing() && System.nanoTime() - lastDatagram > readTimeoutNanos) {
            LOG.info("{}: no MPEG-TS for {} ms, leaving the path", path, TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos));
            toStream.end();
        }
        // Only losses are worth a line; while they change, at most one a second.
        String losses = counters.losses();
        if (!losses.equals(lastLosses)) {
            LOG.info("{}: {}", path, counters.summary());
            lastLosses = losses;
        }
    }

    @Deactivate
    void close() throws InterruptedException {
        channel.eventLoop().submit(() -> {
            toStream.end();
            demuxer.close();
        }).await(5, TimeUnit.SECONDS);
        channel.close().await(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        LOG.info("udp source for {} stopped: {}", path, counters.summary());
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public List<InetSocketAddress> listenAddresses() {
        return List.of((InetSocketAddress) channel.localAddress());
    }

    @Override
    public List<ProtocolSession> sessions() {
        return List.of(new ProtocolSession(id, created, null, toStream.publishing() ? "publish" : "idle", path,
                counters.bytes.sum(), 0));
    }

    /** Makes the publisher leave the path; a UDP sender cannot be disconnected, so it joins again with its next frames. */
    @Override
    public boolean kick(String sessionId) {
        if (!id.equals(sessionId)) {
            return false;
        }
        channel.eventLoop().execute(toStream::end);
        return true;
    }
}
