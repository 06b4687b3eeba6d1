package io.strom.core.internal;

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
import io.strom.api.path.PathManager;
import io.strom.api.settings.ListenAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minimal control API: {@code GET /v3/paths/list} and {@code GET /v3/config/global/get} in
 * MediaMTX's v3 JSON shapes, on {@code apiAddress} when {@code api} is on.
 *
 * <p>No {@code @Modified}: a changed address re-activates the component, which closes the old
 * listener (and waits for its port to be free) before binding the new one. One event-loop
 * thread serves it; requests are small (64 KiB at most) and answered from memory.
 */
@Component(service = {}, configurationPid = ApiServer.PID, immediate = true)
@Designate(ocd = ApiServer.Config.class)
public class ApiServer {

    static final String PID = "io.strom.core.api";

    @ObjectClassDefinition(id = PID, name = "Strom control API",
            description = "The HTTP control API (MediaMTX v3 paths and JSON shapes).")
    @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Whether the API listens. Off by default, like MediaMTX's.")
        boolean api() default false;

        @AttributeDefinition(name = "Address", description = "Where the API listens: ':9997' on every interface, "
                + "'127.0.0.1:9997' on loopback only. The API has no authentication yet: keep it on loopback.")
        String apiAddress() default ":9997";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final EventLoopGroup group;
    private final Channel channel;

    @Activate
    public ApiServer(Config config, BundleContext context, @Reference PathManager pathManager,
            @Reference ConfigurationAdmin configAdmin, @Reference MetaTypeService metaType) throws Exception {
        this(config, new ApiHandler(pathManager, () -> GlobalConfigView.read(context, metaType, configAdmin)));
    }

    ApiServer(Config config, ApiHandler handler) throws InvalidConfigException, InterruptedException {
        if (!config.api()) {
            group = null;
            channel = null;
            return;
        }
        InetSocketAddress address;
        try {
            address = ListenAddress.parse("apiAddress", config.apiAddress()).toSocketAddress();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("apiAddress", e.getMessage().substring("apiAddress: ".length()));
        }
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("strom-api", true), NioIoHandler.newFactory());
        try {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), handler);
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
