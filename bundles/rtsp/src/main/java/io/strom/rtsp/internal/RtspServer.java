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
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolServer;
import io.strom.api.protocol.ProtocolSession;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
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
@Component(service = ProtocolServer.class, configurationPid = RtspServer.PID, immediate = true,
        property = ProtocolServer.PROTOCOL + "=rtsp")
@Designate(ocd = RtspServer.Config.class)
public class RtspServer implements ProtocolServer {

    static final String PID = "io.strom.rtsp";

    @ObjectClassDefinition(id = PID, name = "Strom RTSP server", description = "RTSP publishing and reading.")
    @interface Config {
        @AttributeDefinition(name = "Address", description = "Where the RTSP server listens: ':8554' on every "
                + "interface, '127.0.0.1:8554' on loopback only.")
        String rtspAddress() default ":8554";
    }

    private static final Logger LOG = LoggerFactory.getLogger(RtspServer.class);

    final LongAdder framesDropped = new LongAdder();
    private final Set<RtspConn> conns = ConcurrentHashMap.newKeySet();
    private final EventLoopGroup group;
    private final Channel listener;

    @Activate
    public RtspServer(Config config, @Reference PathManager pathManager) throws Exception {
        InetSocketAddress address = parseAddress(config.rtspAddress());
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("strom-rtsp", true), io);
        try {
            listener = new ServerBootstrap().group(group).channel(channelType)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new IdleStateHandler(RtspConn.SESSION_TIMEOUT_SECONDS, 0, 0),
                                    new RtspDecoder(), new RtspConn(pathManager, RtspServer.this));
                        }
                    })
                    .bind(address).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            LOG.error("RTSP listener cannot bind {}: {}", config.rtspAddress(), e.toString());
            throw e;
        }
        LOG.info("RTSP listener opened on {} ({})", listener.localAddress(), epoll ? "epoll" : "nio");
    }

    static InetSocketAddress parseAddress(String value) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("rtspAddress: '" + value + "' is not an address like ':8554'");
        }
        String host = v.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(v.substring(colon + 1));
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
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
    public List<InetSocketAddress> listenAddresses() {
        return List.of((InetSocketAddress) listener.localAddress());
    }

    @Override
    public List<ProtocolSession> sessions() {
        List<ProtocolSession> out = new ArrayList<>();
        for (RtspConn c : conns) {
            RtspSession s = c.session;
            if (s != null) {
                out.add(new ProtocolSession(s.id, s.created, c.remoteAddress(), s.stateName(),
                        s.path == null ? "" : s.path, s.bytesReceived, s.bytesSent));
            }
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

    @Deactivate
    void close() throws InterruptedException {
        listener.close().await(5, TimeUnit.SECONDS);
        conns.forEach(RtspConn::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        LOG.info("RTSP listener closed");
    }
}
