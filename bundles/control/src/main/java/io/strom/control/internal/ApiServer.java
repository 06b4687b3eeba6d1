package io.strom.control.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.strom.api.auth.AuthManager;
import io.strom.api.config.ConfigStore;
import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolServer;
import io.strom.api.settings.ListenAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API on {@code apiAddress} when {@code api} is on: MediaMTX's v3 paths and JSON
 * shapes ({@link ApiRouter}).
 *
 * <p>No {@code @Modified}: a changed address re-activates the component, which closes the old
 * listener (and waits for its port to be free) before binding the new one. One event-loop
 * thread serves it; request bodies are limited to {@value #MAX_BODY} bytes (a larger one is
 * answered 413 by Netty). Protocol servers and the configuration store come and go with their
 * bundles and are looked up per request.
 */
@Component(service = {}, configurationPid = ApiServer.PID, immediate = true)
@Designate(ocd = ApiServer.Config.class)
public class ApiServer {

    static final String PID = "io.strom.control.api";
    static final int MAX_BODY = 1 << 20;

    @ObjectClassDefinition(id = PID, name = "Strom control API",
            description = "The HTTP control API (MediaMTX v3 paths and JSON shapes).")
    @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Whether the API listens. Off by default, like MediaMTX's.")
        boolean api() default false;

        @AttributeDefinition(name = "Address", description = "Where the API listens: ':9997' on every interface, "
                + "'127.0.0.1:9997' on loopback only. Every request needs the 'api' permission of authInternalUsers "
                + "(by default: anybody from 127.0.0.1 and ::1).")
        String apiAddress() default ":9997";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final List<ProtocolServer> servers = new CopyOnWriteArrayList<>();
    private volatile ConfigStore configStore;
    private final EventLoopGroup group;
    private final Channel channel;

    @Activate
    public ApiServer(Config config, @Reference PathManager pathManager, @Reference AuthManager authManager)
            throws InterruptedException {
        if (!config.api()) {
            group = null;
            channel = null;
            return;
        }
        InetSocketAddress address = ListenAddress.parse("apiAddress", config.apiAddress()).toSocketAddress();
        ApiHandler handler = new ApiHandler(authManager, new ApiRouter(pathManager, () -> configStore, () -> servers));
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("strom-api", true), NioIoHandler.newFactory());
        try {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), handler);
                        }
                    })
                    .bind(address).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            LOG.error("API listener cannot bind {}: {}", config.apiAddress(), e.toString());
            throw e;
        }
        LOG.info("API listener opened on {}", channel.localAddress());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addServer(ProtocolServer server) {
        servers.add(server);
    }

    void removeServer(ProtocolServer server) {
        servers.remove(server);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setConfigStore(ConfigStore store) {
        configStore = store;
    }

    void unsetConfigStore(ConfigStore store) {
        if (configStore == store) {
            configStore = null;
        }
    }

    /** The bound address, or null when the API is off. */
    InetSocketAddress localAddress() {
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    @Deactivate
    void close() throws InterruptedException {
        if (channel != null) {
            channel.close().await(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            LOG.info("API listener closed");
        }
    }
}
