package io.strom.ice.internal;

import io.strom.api.ice.IceTransport;
import io.strom.api.ice.IceTransportFactory;
import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import io.strom.api.netif.InterfaceDiscovery;
import io.strom.api.settings.Durations;
import io.strom.api.settings.ListenAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ice4j.ice.Agent;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.KeepAliveStrategy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ice4j} {@link IceTransportFactory}: full ICE, one ice4j agent per peer connection,
 * all sessions sharing one UDP port ({@code webrtcLocalUDPAddress}) and, when set, one passive
 * TCP port ({@code webrtcLocalTCPAddress}).
 *
 * <p>Host candidates are the addresses {@link InterfaceDiscovery} lists at each {@link #create}
 * (or the one host named in the address); newly listed addresses are bound then, unlisted ones
 * closed once their last session ends. The discovery reference is dynamic and greedy, so a
 * replacement serves the next session; that is why activation is a method, not the constructor.
 *
 * <p>A change of {@code mdns} or {@code mdnsMaxQueriesPerSecond} alone is applied in place: new
 * sessions get the new resolver and running ones go on. Any other change restarts the factory,
 * which closes every transport, both ports and every thread this bundle started.
 */
@Component(service = {IceTransportFactory.class, MetricsSource.class}, configurationPid = Ice4jTransportFactory.PID,
        property = IceTransportFactory.IMPLEMENTATION + "=ice4j")
@Designate(ocd = Ice4jTransportFactory.Config.class)
public class Ice4jTransportFactory implements IceTransportFactory, MetricsSource {

    static final String PID = "io.strom.ice";
    private static final Logger LOG = LoggerFactory.getLogger(Ice4jTransportFactory.class);
    /** The failure reason open transports get when the factory deactivates. */
    static final String STOPPED = "the ICE transport factory stopped";
    /** How long one offer may wait for all TURN allocations together. */
    static final Duration TURN_GATHERING_BOUND = Duration.ofSeconds(2);

    @ObjectClassDefinition(id = PID, name = "Strom ICE (ice4j)", description = "Full ICE for WebRTC sessions.")
    @interface Config {
        @AttributeDefinition(name = "UDP address", description = "The one UDP port every WebRTC session shares: "
                + "':8189' on each address the interface discovery lists, 'host:8189' on that address only.")
        String webrtcLocalUDPAddress() default ":8189";

        @AttributeDefinition(name = "TCP address", description = "Passive ICE-TCP candidates (RFC 6544) on this "
                + "port, for clients whose UDP is blocked; empty turns TCP off. Costs one reader thread per TCP session.",
                required = false)
        String webrtcLocalTCPAddress() default "";

        @AttributeDefinition(name = "ICE servers", description = "STUN servers as 'stun:host:port', used once at "
                + "start to learn each address's public mapping (server-reflexive candidates, assuming a "
                + "port-preserving NAT); TURN servers as 'turn:host:port?transport=udp,user,pass': each session "
                + "then binds its own UDP socket and allocates a relay candidate, which costs each offer up to "
                + "2 s when a server does not answer. TURN over TCP is not used.",
                required = false)
        String[] webrtcICEServers2() default {};

        @AttributeDefinition(name = "Handshake timeout", description = "How long connectivity checks may take, "
                + "e.g. '10s'; longer tolerates slow networks, shorter frees failed sessions sooner.")
        String webrtcHandshakeTimeout() default "10s";

        @AttributeDefinition(name = "mDNS candidates", description = "Browsers hide local addresses behind "
                + "'.local' names. 'disabled': ignore them (the browser's checks still arrive as peer-reflexive "
                + "candidates); 'resolve': ask once per name over multicast DNS, cached for 2 minutes.",
                options = {@Option(value = "disabled"), @Option(value = "resolve")})
        String mdns() default "disabled";

        @AttributeDefinition(name = "mDNS query rate", description = "At most this many mDNS queries per second "
                + "over all sessions; more names wait for a later offer. Bounds multicast traffic a flood of "
                + "offers can cause.")
        int mdnsMaxQueriesPerSecond() default 10;
    }

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile InterfaceDiscovery discovery;

    final IceCounters counters = new IceCounters();
    private final Set<Ice4jTransport> transports = ConcurrentHashMap.newKeySet();
    private final PushBufferPool bufferPool = new PushBufferPool();
    /** The only address to bind the UDP port on, or null for the addresses InterfaceDiscovery lists. */
    private InetAddress udpHost;
    private SharedUdpPort udpPort;
    private SharedTcpPort tcpPort;
    private StunMappings stunMappings;
    /** The TURN servers, or null when none is configured. */
    private TurnRelays turnRelays;
    private MulticastMdnsQuery mdnsQuery;
    private MdnsResolver mdnsResolver;
    private ScheduledExecutorService timer;
    private Ice4jTransportSettings settings;
    /** The configuration active now; guarded by this. */
    private Config active;

    @Activate
    synchronized void activate(Config config) throws Exception {
        ListenAddress udpAddress = ListenAddress.parse("webrtcLocalUDPAddress", config.webrtcLocalUDPAddress());
        udpHost = ipLiteral("webrtcLocalUDPAddress", udpAddress);
        String tcp = config.webrtcLocalTCPAddress() == null ? "" : config.webrtcLocalTCPAddress().trim();
        ListenAddress tcpAddress = tcp.isEmpty() ? null : ListenAddress.parse("webrtcLocalTCPAddress", tcp);
        InetAddress tcpHost = tcpAddress == null ? null : ipLiteral("webrtcLocalTCPAddress", tcpAddress);
        List<IceServer> servers = parseServers(config.webrtcICEServers2());
        Duration handshake = Durations.parse("webrtcHandshakeTimeout", config.webrtcHandshakeTimeout());
        String mdns = checkMdns(config);
        mdnsQuery = null;
        mdnsResolver = null;
        Ice4jEnvironment.configureDefaults();
        bufferPool.install();
        try {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "strom-ice-timer");
                t.setDaemon(true);
                return t;
            });
            udpPort = new SharedUdpPort(udpAddress.port(), counters);
            if (tcpAddress != null) {
                tcpPort = Ice4jEnvironment.call(() -> SharedTcpPort.bind(tcpAddress.port(), hostAddresses(tcpHost)));
            }
            stunMappings = StunMappings.start(servers, hostAddresses(udpHost));
            turnRelays = TurnRelays.start(servers, timer, TURN_GATHERING_BOUND, counters);
            startMdns(config);
            settings = new Ice4jTransportSettings(timer, handshake, tcpPort != null, mdnsResolver, counters);
        } catch (Exception e) {
            deactivate();
            LOG.error("ICE factory cannot start: {}", e.toString());
            throw e;
        }
        active = config;
        LOG.info("ICE (ice4j) ready: UDP {}, TCP {}, {} STUN/TURN server(s), TURN relays {}, mdns={}",
                config.webrtcLocalUDPAddress(), tcpPort == null ? "off" : tcp, servers.size(),
                turnRelays == null ? "off" : "on (UDP only)", mdns);
    }

    /**
     * Applies a new configuration. Only the mDNS settings changed: new sessions get a new resolver,
     * running ones keep their transports (a browser's {@code .local} names matter only while a
     * session sets up). Anything else: a restart, as a re-activation would do.
     */
    @Modified
    synchronized void modified(Config config) throws Exception {
        if (active == null || !sameExceptMdns(active, config)) {
            deactivate();
            activate(config);
            return;
        }
        String mdns;
        try {
            mdns = checkMdns(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{} configuration refused, the previous mDNS settings stay: {}", PID, e.getMessage());
            return;
        }
        MulticastMdnsQuery oldQuery = mdnsQuery;
        MdnsResolver oldResolver = mdnsResolver;
        startMdns(config);
        Ice4jTransportSettings s = settings;
        settings = new Ice4jTransportSettings(s.timer(), s.handshakeTimeout(), s.tcp(), mdnsResolver, counters);
        if (oldResolver != null) {
            oldResolver.close();
        }
        if (oldQuery != null) {
            oldQuery.close();
        }
        active = config;
        LOG.info("ICE (ice4j): mdns={} (max {} queries/s) for new sessions; running sessions go on", mdns,
                config.mdnsMaxQueriesPerSecond());
    }

    private static boolean sameExceptMdns(Config a, Config b) {
        return Objects.equals(a.webrtcLocalUDPAddress(), b.webrtcLocalUDPAddress())
                && Objects.equals(a.webrtcLocalTCPAddress(), b.webrtcLocalTCPAddress())
                && Arrays.equals(a.webrtcICEServers2(), b.webrtcICEServers2())
                && Objects.equals(a.webrtcHandshakeTimeout(), b.webrtcHandshakeTimeout());
    }

    /** The mDNS mode, checked with its rate. */
    private static String checkMdns(Config config) {
        String mdns = config.mdns();
        if (!"disabled".equals(mdns) && !"resolve".equals(mdns)) {
            throw new IllegalArgumentException("mdns: '" + mdns + "' is not disabled or resolve");
        }
        if (config.mdnsMaxQueriesPerSecond() < 1) {
            throw new IllegalArgumentException("mdnsMaxQueriesPerSecond: " + config.mdnsMaxQueriesPerSecond()
                    + " is below 1");
        }
        return mdns;
    }

    /** Sets {@link #mdnsQuery} and {@link #mdnsResolver} as {@code config} says (null when disabled). */
    private void startMdns(Config config) throws InterruptedException {
        if ("resolve".equals(config.mdns())) {
            mdnsQuery = new MulticastMdnsQuery(Duration.ofSeconds(2));
            mdnsResolver = new MdnsResolver(mdnsQuery, System::nanoTime, config.mdnsMaxQueriesPerSecond(),
                    Duration.ofMinutes(2), Duration.ofSeconds(10));
        } else {
            mdnsQuery = null;
            mdnsResolver = null;
        }
    }

    private static List<IceServer> parseServers(String[] entries) {
        List<IceServer> servers = new ArrayList<>();
        if (entries != null) {
            for (int i = 0; i < entries.length; i++) {
                servers.add(IceServer.parse(i, entries[i]));
            }
        }
        return servers;
    }

    /** The host of a listen address as an IP literal (never resolved), or null for every address. */
    private static InetAddress ipLiteral(String attribute, ListenAddress address) {
        if (address.isWildcard()) {
            return null;
        }
        InetAddress host = IpLiterals.parse(address.host());
        if (host == null) {
            throw new IllegalArgumentException(attribute + ": '" + address.host() + "' is not an IP address");
        }
        return host;
    }

    private List<InetAddress> hostAddresses(InetAddress host) {
        if (host != null) {
            return List.of(host);
        }
        InterfaceDiscovery current = discovery;
        return current == null ? List.of() : current.hostAddresses();
    }

    @Override
    public IceTransport create(IceTransport.Listener listener) throws IOException {
        Ice4jTransportSettings current = settings;
        if (current == null) {
            throw new IOException("ICE factory is not active");
        }
        List<SharedUdpPort.Entry> held;
        try {
            // Binding a harvester is ice4j's first read of its configuration: under its class loader.
            held = Ice4jEnvironment.call(() -> udpPort.acquire(hostAddresses(udpHost)));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot bind the shared ICE UDP port", e);
        }
        Agent agent;
        try {
            agent = Ice4jEnvironment.call(() -> newAgent(held));
        } catch (Exception e) {
            udpPort.release(held, null);
            throw e instanceof IOException io ? io : new IOException("ICE agent creation failed", e);
        }
        String ufrag = agent.getLocalUfrag();
        try {
            SessionRelay relay = turnRelays == null ? null : Ice4jEnvironment.call(() -> turnRelays.gather(
                    agent.getStreams().get(0).getComponents().get(0), addressesOf(held)));
            Ice4jTransport[] self = new Ice4jTransport[1];
            self[0] = new Ice4jTransport(agent, relay, listener, current, () -> {
                udpPort.release(held, ufrag);
                transports.remove(self[0]);
            });
            transports.add(self[0]);
            return self[0];
        } catch (Exception e) {
            agent.free();
            udpPort.release(held, ufrag);
            throw e instanceof IOException io ? io : new IOException("ICE agent creation failed", e);
        }
    }

    private static List<InetAddress> addressesOf(List<SharedUdpPort.Entry> held) {
        return held.stream().map(e -> e.harvester.getLocalAddress().getAddress()).toList();
    }

    private Agent newAgent(List<SharedUdpPort.Entry> held) throws IOException {
        Agent agent = new Agent();
        try {
            agent.setControlling(false);
            agent.setUseDynamicPorts(false);
            agent.setPerformConsentFreshness(true);
            for (SharedUdpPort.Entry entry : held) {
                agent.addCandidateHarvester(entry.harvester);
            }
            if (tcpPort != null) {
                agent.addCandidateHarvester(tcpPort.harvester());
            }
            stunMappings.harvesters().forEach(agent::addCandidateHarvester);
            IceMediaStream stream = agent.createMediaStream("media");
            // One component (rtcp-mux). The component socket is only needed to read TCP pairs.
            agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, tcpPort != null);
            return agent;
        } catch (IOException | RuntimeException e) {
            agent.free();
            throw e;
        }
    }

    /** Whether a passive ICE-TCP port is listening (tests). */
    boolean tcpListening() {
        return tcpPort != null;
    }

    /** Transports created and not yet closed (tests). */
    int openTransports() {
        return transports.size();
    }

    /** The shared UDP port's bound addresses (tests). */
    Set<InetAddress> boundUdpAddresses() {
        return udpPort.boundAddresses();
    }

    /** mDNS queries really sent, or 0 with {@code mdns=disabled} (tests, metrics). */
    long mdnsQueries() {
        return mdnsResolver == null ? 0 : mdnsResolver.queries();
    }

    /** Pool buffers allocated because none was free (tests: stops growing in steady state). */
    long receiveBufferAllocations() {
        return bufferPool.allocations();
    }

    @Override
    public void collect(MetricsWriter out) {
        MdnsResolver mdns = mdnsResolver;
        IceMetrics.write(counters, openTransports(), mdns == null ? 0 : mdns.queries(),
                mdns == null ? 0 : mdns.rateLimited(), receiveBufferAllocations(), out);
    }

    @Deactivate
    synchronized void deactivate() {
        active = null;
        settings = null;
        for (Ice4jTransport t : new ArrayList<>(transports)) {
            // The owner hears of it first: a session whose transport is gone must end, not
            // linger in its server (and as a reader of its path) with no way to send.
            t.fail(STOPPED);
            t.close();
        }
        if (udpPort != null) {
            udpPort.close();
        }
        if (tcpPort != null) {
            tcpPort.close();
        }
        if (stunMappings != null) {
            stunMappings.close();
        }
        if (turnRelays != null) {
            turnRelays.close();
        }
        if (mdnsResolver != null) {
            mdnsResolver.close();
        }
        if (mdnsQuery != null) {
            mdnsQuery.close();
        }
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        bufferPool.uninstall();
    }
}
