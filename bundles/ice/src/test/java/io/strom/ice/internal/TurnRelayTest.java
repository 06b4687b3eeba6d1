package io.strom.ice.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceTransport;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.ice4j.ice.CandidateType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Relay candidates against a real coturn on loopback, with a real controlling ice4j peer. */
@Timeout(60)
class TurnRelayTest {

    private static final long BOUND_MILLIS = Ice4jTransportFactory.TURN_GATHERING_BOUND.toMillis();
    private static CoturnServer coturn;
    private Ice4jTransportFactory factory;
    private ControllingPeer peer;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = CoturnServer.start();
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    @AfterEach
    void tearDown() {
        if (peer != null) {
            peer.close();
        }
        if (factory != null) {
            factory.deactivate();
        }
    }

    private static Ice4jTransportFactory factoryWith(String entry) throws Exception {
        return TestConfigs.loopbackFactory(Map.of("webrtcICEServers2", new String[] {entry}));
    }

    private static IceCandidate ofType(IceTransport t, String type) {
        return t.localCandidates().stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(10, SECONDS), what);
    }

    /** A transport connected to {@link #peer}, which knew only {@code offered} of its candidates. */
    private IceTransport connect(RecordingListener listener, String offeredType) throws Exception {
        peer = new ControllingPeer();
        IceTransport t = factory.create(listener);
        t.start(peer.credentials(), peer.candidates());
        IceCandidate offered = ofType(t, offeredType);
        assertNotNull(offered, "no " + offeredType + " candidate in " + t.localCandidates());
        peer.connect(t, List.of(offered));
        await(listener.connected, "transport connected");
        await(peer.completed, "peer completed");
        return t;
    }

    private void exchange(IceTransport t, RecordingListener listener, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            peer.send("up " + i);
            assertEquals("up " + i, listener.datagrams.poll(5, SECONDS));
            t.send(Unpooled.copiedBuffer("down " + i, StandardCharsets.UTF_8));
            assertEquals("down " + i, peer.received.poll(5, SECONDS));
        }
    }

    @Test
    void eachSessionGetsItsOwnRelayFromCoturnBesideTheSharedHostCandidate() throws Exception {
        factory = factoryWith(coturn.entry(CoturnServer.PASSWORD));
        IceTransport a = factory.create(new RecordingListener());
        IceTransport b = factory.create(new RecordingListener());
        IceCandidate relay = ofType(a, "relay");
        assertNotNull(relay, "no relay in " + a.localCandidates() + "\n" + coturn.log());
        assertEquals("127.0.0.1", relay.address());
        assertEquals("udp", relay.transport());
        assertTrue(relay.port() >= coturn.minRelayPort && relay.port() <= coturn.maxRelayPort,
                relay.port() + " outside coturn's relay range");
        assertNotEquals(relay.port(), ofType(b, "relay").port(), "one allocation per session");
        assertEquals(ofType(a, "host").port(), ofType(b, "host").port(), "host candidates stay on the shared port");
        int sessionSocket = ((Ice4jTransport) a).relaySockets().get(0).getPort();
        assertTrue(a.localCandidates().stream().noneMatch(c -> c.port() == sessionSocket),
                "the per-session socket itself is not offered");
        assertEquals(2, a.localCandidates().size(), a.localCandidates().toString());
        assertEquals(0, factory.counters.turnWithoutRelay.sum());
    }

    @Test
    void peerKnowingOnlyTheRelayConnectsAndDatagramsFlowThroughCoturn() throws Exception {
        factory = factoryWith(coturn.entry(CoturnServer.PASSWORD));
        RecordingListener listener = new RecordingListener();
        IceTransport t = connect(listener, "relay");
        assertEquals(CandidateType.RELAYED_CANDIDATE, peer.component.getSelectedPair().getRemoteCandidate().getType());
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port()), listener.remote);
        exchange(t, listener, 50);
        assertTrue(listener.failures.isEmpty(), listener.failures.toString());
    }

    @Test
    void wrongPasswordGivesNoRelayWithinTheBoundAndHostCandidatesStillWork() throws Exception {
        factory = factoryWith(coturn.entry("wrong"));
        long start = System.nanoTime();
        IceTransport probe = factory.create(new RecordingListener());
        long millis = (System.nanoTime() - start) / 1_000_000;
        // The bound plus slack for a loaded machine; without the bound ice4j waits for its own timeouts (~10 s).
        assertTrue(millis < BOUND_MILLIS + 2000, "create took " + millis + " ms");
        assertNull(ofType(probe, "relay"));
        assertEquals(1, factory.counters.turnWithoutRelay.sum());
        probe.close();

        RecordingListener listener = new RecordingListener();
        IceTransport t = connect(listener, "host");
        exchange(t, listener, 3);
    }

    @Test
    void aServerThatDoesNotAnswerCostsAtMostTheBound() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            factory = factoryWith("turn:127.0.0.1:" + silent.getLocalPort() + "?transport=udp,u,p");
            long start = System.nanoTime();
            IceTransport t = factory.create(new RecordingListener());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= BOUND_MILLIS - 100 && millis < BOUND_MILLIS + 2000, "create took " + millis + " ms");
            assertNull(ofType(t, "relay"));
            assertEquals(List.of("host"), t.localCandidates().stream().map(IceCandidate::type).toList());
            assertEquals(1, factory.counters.turnWithoutRelay.sum());
        }
    }

    @Test
    void closingFreesTheSessionSocketEndsTheAllocationAndItsThreads() throws Exception {
        factory = factoryWith(coturn.entry(CoturnServer.PASSWORD));
        // The factory's own threads (timer, shared-port listener) start with its first session.
        IceTransport warmUp = factory.create(new RecordingListener());
        warmUp.start(new io.strom.api.ice.IceCredentials("warm", "upwarmupwarmupwarmupwarm"), List.of());
        warmUp.close();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        RecordingListener listener = new RecordingListener();
        IceTransport t = connect(listener, "relay");
        exchange(t, listener, 3);
        InetSocketAddress sessionSocket = ((Ice4jTransport) t).relaySockets().get(0);
        int refreshesBefore = count(coturn.log(), "lifetime=0");
        peer.close();
        peer = null;
        t.close();

        long deadline = System.nanoTime() + SECONDS.toNanos(5);
        DatagramSocket rebound = null;
        while (rebound == null) {
            try {
                rebound = new DatagramSocket(sessionSocket);
            } catch (BindException stillBound) {
                assertTrue(System.nanoTime() < deadline, sessionSocket + " still bound 5 s after close");
                Thread.sleep(10);
            }
        }
        rebound.close();
        while (count(coturn.log(), "lifetime=0") == refreshesBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(count(coturn.log(), "lifetime=0") > refreshesBefore,
                "coturn saw no deleting Refresh:\n" + coturn.log());
        List<String> left;
        do {
            Thread.sleep(50);
            // ice4j's shared, JVM-wide executors (named ice4j.*) outlive sessions by design.
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(th -> !before.contains(th) && th.isAlive() && !th.getName().startsWith("ice4j."))
                    .map(Thread::getName).toList();
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertTrue(left.isEmpty(), "threads left after close: " + left);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
