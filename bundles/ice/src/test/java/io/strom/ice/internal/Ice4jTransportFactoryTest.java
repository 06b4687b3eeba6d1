package io.strom.ice.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceTransport;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The factory against a real controlling ice4j agent on loopback. */
@Timeout(60)
class Ice4jTransportFactoryTest {

    private Ice4jTransportFactory factory;
    private ControllingPeer peerA;
    private ControllingPeer peerB;

    @AfterEach
    void tearDown() {
        for (ControllingPeer p : new ControllingPeer[] {peerA, peerB}) {
            if (p != null) {
                p.close();
            }
        }
        if (factory != null) {
            factory.deactivate();
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(10, SECONDS), what);
    }

    private IceTransport connect(ControllingPeer peer, RecordingListener listener) throws Exception {
        IceTransport t = factory.create(listener);
        t.start(peer.credentials(), peer.candidates());
        peer.connect(t);
        await(listener.connected, "transport connected");
        await(peer.completed, "peer completed");
        return t;
    }

    @Test
    void datagramsFlowBothWaysAfterConnected() throws Exception {
        factory = TestConfigs.loopbackFactory(Map.of());
        peerA = new ControllingPeer();
        RecordingListener listener = new RecordingListener();
        IceTransport t = factory.create(listener);
        assertFalse(t.isLite());
        assertEquals(1, t.localCandidates().size());
        IceCandidate local = t.localCandidates().get(0);
        assertEquals("127.0.0.1", local.address());
        assertEquals("host", local.type());
        assertEquals("udp", local.transport());

        t.start(peerA.credentials(), peerA.candidates());
        peerA.connect(t);
        await(listener.connected, "transport connected");
        await(peerA.completed, "peer completed");
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), peerA.port()), listener.remote);

        peerA.send("from the browser");
        assertEquals("from the browser", listener.datagrams.poll(5, SECONDS));
        t.send(Unpooled.copiedBuffer("from the server", StandardCharsets.UTF_8));
        assertEquals("from the server", peerA.received.poll(5, SECONDS));

        // Steady state: the receive path recycles ice4j's buffers instead of allocating.
        long before = factory.receiveBufferAllocations();
        for (int i = 0; i < 300; i++) {
            peerA.send("media " + i);
            assertEquals("media " + i, listener.datagrams.poll(5, SECONDS));
        }
        assertTrue(factory.receiveBufferAllocations() - before <= 2,
                "allocations grew by " + (factory.receiveBufferAllocations() - before));
        assertTrue(listener.failures.isEmpty(), listener.failures.toString());
        t.close();
        t.close(); // idempotent
        assertEquals(0, factory.openTransports());
    }

    @Test
    void twoSessionsShareOneUdpPort() throws Exception {
        factory = TestConfigs.loopbackFactory(Map.of());
        peerA = new ControllingPeer();
        peerB = new ControllingPeer();
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        IceTransport a = connect(peerA, la);
        IceTransport b = connect(peerB, lb);
        assertEquals(a.localCandidates().get(0).port(), b.localCandidates().get(0).port());

        peerA.send("to a");
        peerB.send("to b");
        assertEquals("to a", la.datagrams.poll(5, SECONDS));
        assertEquals("to b", lb.datagrams.poll(5, SECONDS));
        a.send(Unpooled.copiedBuffer("from a", StandardCharsets.UTF_8));
        b.send(Unpooled.copiedBuffer("from b", StandardCharsets.UTF_8));
        assertEquals("from a", peerA.received.poll(5, SECONDS));
        assertEquals("from b", peerB.received.poll(5, SECONDS));
        assertTrue(la.datagrams.isEmpty() && lb.datagrams.isEmpty());
    }

    @Test
    void anMdnsChangeKeepsRunningTransportsAndAnyOtherChangeRestarts() throws Exception {
        factory = TestConfigs.loopbackFactory(Map.of());
        peerA = new ControllingPeer();
        RecordingListener listener = new RecordingListener();
        IceTransport t = connect(peerA, listener);

        factory.modified(TestConfigs.config(Map.of("webrtcLocalUDPAddress", ":0", "mdns", "resolve")));
        assertFalse(((Ice4jTransport) t).isClosed(), "an mdns change leaves the running transport alone");
        assertEquals(List.of(), listener.failures);
        assertEquals(1, factory.openTransports());
        factory.modified(TestConfigs.config(Map.of("webrtcLocalUDPAddress", ":0", "mdns", "bogus")));
        assertFalse(((Ice4jTransport) t).isClosed(), "a refused mdns value changes nothing");
        factory.create(new RecordingListener()).close(); // new sessions still get transports

        factory.modified(TestConfigs.config(Map.of("webrtcLocalUDPAddress", ":0", "webrtcHandshakeTimeout", "5s")));
        assertTrue(((Ice4jTransport) t).isClosed(), "any other change restarts the factory");
        assertEquals(List.of(Ice4jTransportFactory.STOPPED), listener.failures);
        factory.create(new RecordingListener()).close();
    }

    @Test
    void deactivationFreesThePortAndThreads() throws Exception {
        factory = TestConfigs.loopbackFactory(Map.of());
        peerA = new ControllingPeer();
        RecordingListener listener = new RecordingListener();
        IceTransport t = connect(peerA, listener);
        int port = t.localCandidates().get(0).port();
        factory.deactivate();
        factory = null;
        assertEquals(0, ((Ice4jTransport) t).isClosed() ? 0 : 1, "deactivation closes the transport");
        assertEquals(List.of(Ice4jTransportFactory.STOPPED), listener.failures, "and tells its owner");
        // ice4j closes the socket under its harvester thread's blocked receive; the JDK frees the
        // port when that thread wakes, a moment after close() returns.
        long deadline = System.nanoTime() + SECONDS.toNanos(5);
        DatagramSocket rebound = null;
        while (rebound == null) {
            try {
                rebound = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (java.net.BindException stillBound) {
                assertTrue(System.nanoTime() < deadline, "port " + port + " still bound 5 s after deactivation");
                Thread.sleep(10);
            }
        }
        rebound.close();
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("strom-ice") || n.contains("AbstractUdpListener thread for /127.0.0.1:" + port))
                    .toList();
            Thread.sleep(50);
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertTrue(left.isEmpty(), "threads left: " + left);
    }

    @Test
    void mdnsCandidatesAreIgnoredAndPeerReflexiveConnects() throws Exception {
        factory = TestConfigs.loopbackFactory(Map.of());
        peerA = new ControllingPeer();
        RecordingListener listener = new RecordingListener();
        IceTransport t = factory.create(listener);
        IceCandidate real = peerA.candidates().get(0);
        IceCandidate hidden = new IceCandidate(real.foundation(), 1, "udp", real.priority(),
                "0b1c2d3e-0000-4000-8000-123456789abc.local", real.port(), "host", null);
        t.start(peerA.credentials(), List.of(hidden));
        peerA.connect(t);
        await(listener.connected, "connected through a peer-reflexive candidate");
        await(peerA.completed, "peer completed");
        assertEquals(peerA.port(), listener.remote.getPort());
        assertEquals(1, factory.counters.mdnsIgnored.sum());
        assertEquals(0, factory.mdnsQueries());
        peerA.send("prflx");
        assertEquals("prflx", listener.datagrams.poll(5, SECONDS));
    }

    @Test
    void noConnectivityWithinTheHandshakeTimeoutFails() throws Exception {
        factory = TestConfigs.loopbackFactory(Map.of("webrtcHandshakeTimeout", "400ms"));
        RecordingListener listener = new RecordingListener();
        IceTransport t = factory.create(listener);
        // A peer that never answers: a bound socket that reads nothing.
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            t.start(new io.strom.api.ice.IceCredentials("peer", "peerpasswordpeerpassword"), List.of(
                    new IceCandidate("1", 1, "udp", 2130706431L, "127.0.0.1", silent.getLocalPort(), "host", null)));
            await(listener.failed, "onFailed");
            Thread.sleep(300);
        }
        assertEquals(List.of("ICE timeout"), listener.failures);
        t.send(Unpooled.copiedBuffer("dropped", StandardCharsets.UTF_8)); // dropped and released, no exception
        t.close();
    }

    @Test
    void addressesFollowInterfaceDiscoveryAndIdleOnesClose() throws Exception {
        factory = TestConfigs.loopbackFactory(Map.of());
        LoopbackDiscovery discovery = (LoopbackDiscovery) factory.discovery;
        InetAddress first = InetAddress.getLoopbackAddress();
        InetAddress second = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        IceTransport a = factory.create(new RecordingListener());
        discovery.addresses = List.of(second);
        IceTransport b = factory.create(new RecordingListener());
        assertEquals("127.0.0.2", b.localCandidates().get(0).address());
        assertEquals(java.util.Set.of(first, second), factory.boundUdpAddresses(), "a still uses the first");
        a.close();
        assertEquals(java.util.Set.of(second), factory.boundUdpAddresses(), "unlisted and idle: closed");
        b.close();
        assertEquals(java.util.Set.of(second), factory.boundUdpAddresses(), "listed: kept for the next session");
    }

    @Test
    void aTcpPortOnLoopbackOnlyIsReportedOffNotAnnounced() throws Exception {
        // ice4j's TCP harvester never offers loopback: the port must not be claimed as listening.
        factory = TestConfigs.loopbackFactory(Map.of("webrtcLocalTCPAddress", "127.0.0.1:0"));
        assertFalse(factory.tcpListening());
        IceTransport t = factory.create(new RecordingListener());
        assertEquals(List.of("udp"), t.localCandidates().stream().map(IceCandidate::transport).toList());
        t.close();
    }

    @Test
    void forgedChecksFromANewAddressAreCountedAndDroppedAndTheRealPeerStillConnects() throws Exception {
        factory = TestConfigs.loopbackFactory(Map.of());
        RecordingListener listener = new RecordingListener();
        IceTransport t = factory.create(listener);
        String ufrag = t.localCredentials().ufrag();
        InetSocketAddress port = new InetSocketAddress(InetAddress.getLoopbackAddress(), t.localCandidates().get(0).port());
        try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (byte[] check : List.of(
                    ForgedChecks.bindingRequest(ufrag + ":peer", "not-the-password".getBytes(StandardCharsets.UTF_8)),
                    ForgedChecks.bindingRequest(ufrag + ":peer", null),
                    ForgedChecks.bindingRequest("nosuchsession:peer", "x".getBytes(StandardCharsets.UTF_8)))) {
                forger.send(new java.net.DatagramPacket(check, check.length, port));
            }
            long deadline = System.nanoTime() + SECONDS.toNanos(5);
            while ((factory.counters.stunBadIntegrity.sum() < 2 || factory.counters.stunUnknownUser.sum() < 1)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertEquals(2, factory.counters.stunBadIntegrity.sum(), "wrong and missing MESSAGE-INTEGRITY");
        assertEquals(1, factory.counters.stunUnknownUser.sum());
        peerA = new ControllingPeer();
        t.start(peerA.credentials(), peerA.candidates());
        peerA.connect(t);
        await(listener.connected, "the real peer's checks pass the same verification");
        assertEquals(2, factory.counters.stunBadIntegrity.sum());
        t.close();
    }
}
