package io.strom.ice.lite.internal;

import io.strom.api.ice.IceTransport;
import io.strom.api.ice.IceTransportFactory;
import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
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
 * (and, when set, one passive ICE-TCP port; both bind the one host of the UDP address, if named)
 * ({@code webrtcLocalUDPAddress} in this PID, by default {@code :8190}, so it and the ice4j
 * factory's {@code :8189} can both be active). It starts only once its PID is configured (a
 * {@code deploy/io.strom.ice.lite.config} file, or the Web Console), so by default the bundle binds
 * nothing and ice4j serves. The WebRTC bundle takes the highest-ranked factory for each new
 * session: this one serves new sessions once its {@code service.ranking} (an Integer, e.g.
 * {@code service.ranking=I"10"}) is above the ice4j factory's (0). Any configuration change
 * re-activates, which fails every open session and frees the port and the event loop.
 */
@Component(service = {IceTransportFactory.class, MetricsSource.class}, configurationPid = LiteTransportFactory.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {IceTransportFactory.IMPLEMENTATION + "=lite", "service.ranking:Integer=-10"})
@Designate(ocd = LiteTransportFactory.Config.class)
public class LiteTransportFactory implements IceTransportFactory, MetricsSource {

    static final String PID = "io.strom.ice.lite";

    @ObjectClassDefinition(id = PID, name = "Strom ICE-lite", description = "ICE-lite for WebRTC sessions: "
            + "one shared UDP port, checks answered by the server, the browser's nomination selects the path.")
    @interface Config {
        @AttributeDefinition(name = "UDP address", description = "The one UDP port every ICE-lite session shares: "
                + "':8190' on every address (host candidates are the addresses the interface discovery lists), "
                + "'ip:8190' on that address only. Differs from the ice4j factory's port so both can run.")
        String webrtcLocalUDPAddress() default ":8190";

        @AttributeDefinition(name = "TCP address", description = "Passive ICE-TCP candidates (RFC 6544, RFC 4571 "
                + "framing) on this port, e.g. ':8190', for clients whose UDP is blocked; empty turns TCP off.",
                required = false)
        String webrtcLocalTCPAddress() default "";

        @AttributeDefinition(name = "Consent timeout", description = "A session whose peer sends no valid "
                + "connectivity check for this long fails (RFC 7675 consent freshness), e.g. '30s'.")
        String consentTimeout() default "30s";

        @AttributeDefinition(name = "Service ranking", description = "WebRTC uses the highest-ranked ICE "
                + "factory for new sessions; the ice4j factory ranks 0, so a value above 0 prefers ICE-lite.")
        int service_ranking() default -10;
    }

    private final LiteUdpServer server;
    /** The ICE-TCP port, or null when TCP is off. */
    private final LiteTcpServer tcp;
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
        String tcpValue = config.webrtcLocalTCPAddress() == null ? "" : config.webrtcLocalTCPAddress().strip();
        ListenAddress tcpAddress = tcpValue.isEmpty() ? null : ListenAddress.parse("webrtcLocalTCPAddress", tcpValue);
        server = new LiteUdpServer(bindAddress(onlyHost, address.port()), consent);
        try {
            tcp = tcpAddress == null ? null : new LiteTcpServer(server, bindAddress(onlyHost, tcpAddress.port()));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static InetSocketAddress bindAddress(InetAddress host, int port) {
        return host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
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
        return server.create(listener, hosts, tcp == null ? 0 : tcp.port());
    }

    @Override
    public void collect(MetricsWriter out) {
        LiteUdpServer.Counters c = server.counters();
        out.gauge("strom_ice_lite_sessions", "Open ICE-lite sessions.", server.sessions().size());
        out.counter("strom_ice_lite_checks_answered_total", "Connectivity checks answered.", c.checksAnswered.sum());
        String refused = "strom_ice_lite_stun_checks_refused_total";
        String refusedHelp = "Checks dropped unanswered: naming no session or the wrong remote ufrag (unknown_user), "
                + "MESSAGE-INTEGRITY wrong (bad_integrity).";
        out.counter(refused, refusedHelp, c.unknownUser.sum(), "reason", "unknown_user");
        out.counter(refused, refusedHelp, c.badIntegrity.sum(), "reason", "bad_integrity");
        String dropped = "strom_ice_lite_datagrams_dropped_total";
        String droppedHelp = "Datagrams dropped: not STUN, DTLS or RTP by their first byte, or malformed STUN "
                + "(garbage); DTLS/RTP from an address no session selected (unknown_address); outgoing ones when "
                + LiteUdpServer.MAX_QUEUED + " already waited for the socket (send_queue_full).";
        out.counter(dropped, droppedHelp, c.garbage.sum(), "reason", "garbage");
        out.counter(dropped, droppedHelp, c.unknownAddress.sum(), "reason", "unknown_address");
        out.counter(dropped, droppedHelp, c.sendQueueFull.sum(), "reason", "send_queue_full");
    }

    @Deactivate
    void deactivate() {
        if (tcp != null) {
            tcp.close();
        }
        server.close();
    }
}
