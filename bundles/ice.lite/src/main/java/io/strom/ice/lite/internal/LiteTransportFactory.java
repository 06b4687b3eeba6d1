package io.strom.ice.lite.internal;

import io.strom.api.ice.IceTransport;
import io.strom.api.ice.IceTransportFactory;
import io.strom.api.netif.InterfaceDiscovery;
import io.strom.api.settings.Durations;
import io.strom.api.settings.ListenAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code lite} {@link IceTransportFactory}: ICE-lite, every session on one UDP port of its own
 * ({@code webrtcLocalUDPAddress} in this PID, by default {@code :8190}, so it and the ice4j
 * factory's {@code :8189} can both be active). It starts only once its PID is configured (a
 * {@code deploy/io.strom.ice.lite.config} file, or the Web Console), so by default the bundle binds
 * nothing and ice4j serves. The WebRTC bundle takes the highest-ranked factory for each new
 * session: this one serves new sessions once its {@code service.ranking} (an Integer, e.g.
 * {@code service.ranking=I"10"}) is above the ice4j factory's (0). Any configuration change
 * re-activates, which fails every open session and frees the port and the event loop.
 */
@Component(service = IceTransportFactory.class, configurationPid = LiteTransportFactory.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {IceTransportFactory.IMPLEMENTATION + "=lite", "service.ranking:Integer=-10"})
@Designate(ocd = LiteTransportFactory.Config.class)
public class LiteTransportFactory implements IceTransportFactory {

    static final String PID = "io.strom.ice.lite";

    @ObjectClassDefinition(id = PID, name = "Strom ICE-lite", description = "ICE-lite for WebRTC sessions: "
            + "one shared UDP port, checks answered by the server, the browser's nomination selects the path.")
    @interface Config {
        @AttributeDefinition(name = "UDP address", description = "The one UDP port every ICE-lite session shares: "
                + "':8190' on every address (host candidates are the addresses the interface discovery lists), "
                + "'ip:8190' on that address only. Differs from the ice4j factory's port so both can run.")
        String webrtcLocalUDPAddress() default ":8190";

        @AttributeDefinition(name = "Consent timeout", description = "A session whose peer sends no valid "
                + "connectivity check for this long fails (RFC 7675 consent freshness), e.g. '30s'.")
        String consentTimeout() default "30s";

        @AttributeDefinition(name = "Service ranking", description = "WebRTC uses the highest-ranked ICE "
                + "factory for new sessions; the ice4j factory ranks 0, so a value above 0 prefers ICE-lite.")
        int service_ranking() default -10;
    }

    private final LiteUdpServer server;
    private final InetAddress onlyHost;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile InterfaceDiscovery discovery;

    @Activate
    public LiteTransportFactory(Config config) throws IOException {
        ListenAddress address = ListenAddress.parse("webrtcLocalUDPAddress", config.webrtcLocalUDPAddress());
        Duration consent = Durations.parse("consentTimeout", config.consentTimeout());
        if (consent.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("consentTimeout: " + config.consentTimeout() + " is below 1s");
        }
        onlyHost = address.isWildcard() ? null : ipLiteral(address.host());
        server = new LiteUdpServer(onlyHost == null ? new InetSocketAddress(address.port())
                : new InetSocketAddress(onlyHost, address.port()), consent);
    }

    private static InetAddress ipLiteral(String host) {
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            throw new IllegalArgumentException("webrtcLocalUDPAddress: '" + host + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(host); // a literal: parsed, never resolved
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("webrtcLocalUDPAddress: '" + host + "' is not an IP address");
        }
    }

    @Override
    public IceTransport create(IceTransport.Listener listener) throws IOException {
        InterfaceDiscovery current = discovery;
        List<InetAddress> hosts = onlyHost != null ? List.of(onlyHost)
                : current == null ? List.of() : current.hostAddresses();
        if (hosts.isEmpty()) {
            throw new IOException("ICE-lite has no host address to offer (interface discovery lists none)");
        }
        return server.create(listener, hosts);
    }

    @Deactivate
    void deactivate() {
        server.close();
    }
}
