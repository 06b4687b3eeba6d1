package io.strom.ice.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.security.LongTermCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay candidates from the configured {@code turn:} servers (UDP): each new session binds its own
 * ephemeral UDP socket per server and allocates a relay from it with ice4j's TURN client.
 *
 * <p>Gathering is synchronous, because the answer is not trickled: ice4j cannot add a candidate the
 * peer is told about after the answer was sent. All servers together get at most {@code bound}
 * per session, tried in their configured order, so a server that does not answer delays each offer
 * by at most that (and leaves later servers nothing). Failures are logged once per server until
 * it gives a relay again, then counted only.
 *
 * <p>Host names are resolved off the offer path, on one thread that retries every 30 s until each
 * name resolves; sessions before that get no relay from that server.
 */
final class TurnRelays implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnRelays.class);
    private static final long RESOLVE_RETRY_MILLIS = 30_000;

    /** One TURN server and, once known, its address. */
    private static final class Server {
        final IceServer config;
        volatile TransportAddress address;

        Server(IceServer config) {
            this.config = config;
            InetAddress literal = IpLiterals.parse(config.host());
            address = literal == null ? null : new TransportAddress(literal, config.port(), Transport.UDP);
        }
    }

    private final List<Server> servers;
    private final ScheduledExecutorService timer;
    private final Duration bound;
    private final IceCounters counters;
    private final Set<IceServer> failing = ConcurrentHashMap.newKeySet();
    private final Thread resolver;

    private TurnRelays(List<Server> servers, ScheduledExecutorService timer, Duration bound, IceCounters counters) {
        this.servers = servers;
        this.timer = timer;
        this.bound = bound;
        this.counters = counters;
        boolean names = servers.stream().anyMatch(s -> s.address == null);
        resolver = names ? new Thread(this::resolveNames, "strom-ice-turn-resolver") : null;
        if (resolver != null) {
            resolver.setDaemon(true);
            resolver.start();
        }
    }

    /** The relays for the UDP {@code turn:} entries of {@code all}, or {@code null} when there is none. */
    static TurnRelays start(List<IceServer> all, ScheduledExecutorService timer, Duration bound,
            IceCounters counters) {
        for (IceServer s : all) {
            if (s.turn() && !s.transport().equals("udp")) {
                LOG.warn("ICE: {} is not used: relays are allocated over UDP only (ice4j's TURN client "
                        + "would need a TCP connection per session to the server)", s);
            }
        }
        List<Server> udp = all.stream().filter(s -> s.turn() && s.transport().equals("udp")).map(Server::new).toList();
        return udp.isEmpty() ? null : new TurnRelays(udp, timer, bound, counters);
    }

    private void resolveNames() {
        while (!Thread.currentThread().isInterrupted()) {
            boolean left = false;
            for (Server s : servers) {
                if (s.address == null) {
                    try {
                        s.address = new TransportAddress(InetAddress.getByName(s.config.host()), s.config.port(),
                                Transport.UDP);
                        LOG.info("ICE: {} is {}", s.config, s.address);
                    } catch (UnknownHostException e) {
                        LOG.warn("ICE: {} does not resolve (retry in 30 s): {}", s.config, e.getMessage());
                        left = true;
                    }
                }
            }
            if (!left) {
                return;
            }
            try {
                Thread.sleep(RESOLVE_RETRY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Allocates relays for a session whose component has just gathered its host candidates; the
     * relay candidates are added to {@code component}. Returns within about {@code bound}.
     *
     * @param hostAddresses the session's host addresses; each server's socket is bound on the
     *                      first one of the server's address family
     */
    SessionRelay gather(Component component, List<InetAddress> hostAddresses) {
        SessionRelay relay = new SessionRelay(component);
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            for (Server server : servers) {
                TransportAddress address = server.address;
                InetAddress local = address == null ? null : firstOfFamily(hostAddresses, address.getAddress());
                long left = deadline - System.nanoTime();
                if (address == null) {
                    failed(server, "its name is not resolved yet");
                } else if (local == null) {
                    failed(server, "no host address of its address family");
                } else if (left <= 0) {
                    failed(server, "earlier TURN servers used up the " + bound.toMillis() + " ms gathering bound");
                } else {
                    allocate(server, address, local, left, component, relay);
                }
            }
        } catch (RuntimeException e) {
            relay.close(); // the caller frees the agent, and with it any relay already added
            throw e;
        }
        return relay;
    }

    private void allocate(Server server, TransportAddress address, InetAddress local, long nanosLeft,
            Component component, SessionRelay relay) {
        HostCandidate socket;
        try {
            socket = relay.bind(local);
        } catch (SocketException e) {
            failed(server, "cannot bind a UDP socket on " + local.getHostAddress() + ": " + e.getMessage());
            return;
        }
        SessionTurnHarvester harvester = new SessionTurnHarvester(address,
                new LongTermCredential(server.config.username(), server.config.password()), socket);
        relay.add(harvester);
        ScheduledFuture<?> deadline = timer.schedule(harvester::stop, nanosLeft, TimeUnit.NANOSECONDS);
        boolean relayed;
        try {
            relayed = !harvester.harvest(component).isEmpty();
        } finally {
            deadline.cancel(false);
            harvester.stop();
        }
        if (!relayed) {
            failed(server, "no relay within " + bound.toMillis() + " ms (no answer, or credentials refused)");
        } else if (failing.remove(server.config)) {
            LOG.info("ICE: {} gives relay candidates again", server.config);
        }
    }

    private void failed(Server server, String why) {
        counters.turnWithoutRelay.increment();
        if (failing.add(server.config)) {
            LOG.warn("ICE: {} gave no relay candidate: {} (further failures are counted, not logged)",
                    server.config, why);
        } else {
            LOG.debug("ICE: {} gave no relay candidate: {}", server.config, why);
        }
    }

    private static InetAddress firstOfFamily(List<InetAddress> candidates, InetAddress server) {
        boolean v4 = server instanceof Inet4Address;
        for (InetAddress a : candidates) {
            if ((a instanceof Inet4Address) == v4) {
                return a;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (resolver != null) {
            resolver.interrupt();
            try {
                resolver.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
