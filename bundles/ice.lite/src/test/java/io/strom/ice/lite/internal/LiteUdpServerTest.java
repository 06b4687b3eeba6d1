package io.strom.ice.lite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.strom.api.ice.IceCredentials;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LiteUdpServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private LiteUdpServer server;
    private DatagramSocket socket;

    @BeforeEach
    void start() throws Exception {
        server = new LiteUdpServer(new InetSocketAddress(LOOPBACK, 0), Duration.ofSeconds(30));
        socket = new DatagramSocket(0, LOOPBACK);
        socket.setSoTimeout(500);
    }

    @AfterEach
    void stop() {
        socket.close();
        server.close();
    }

    @Test
    void ice4jControllingAgentSelectsThePairAndMediaFlowsBothWays() throws Exception {
        RecordingListener listener = new RecordingListener();
        LiteTransport transport = server.create(listener, List.of(LOOPBACK), 0);
        assertTrue(transport.isLite());
        assertEquals(server.port(), transport.localCandidates().get(0).port());
        try (Ice4jPeer peer = new Ice4jPeer()) {
            peer.connect(transport);
            assertTrue(listener.connected.await(10, TimeUnit.SECONDS), "the nominating check selects the pair");
            assertTrue(peer.completed.await(10, TimeUnit.SECONDS), "ice4j accepts the lite answers");
            assertEquals(new InetSocketAddress(LOOPBACK, peer.port()), listener.remote);

            byte[] rtpLike = {(byte) 0x80, 96, 0, 1, 'h', 'i'};
            peer.send(rtpLike);
            assertArrayEquals(rtpLike, listener.datagrams.poll(5, TimeUnit.SECONDS));

            byte[] dtlsLike = {22, (byte) 0xFE, (byte) 0xFD, 'o', 'k'};
            transport.send(Unpooled.directBuffer().writeBytes(dtlsLike));
            byte[] got = peer.received.poll(5, TimeUnit.SECONDS);
            assertArrayEquals(dtlsLike, got);
        }
        transport.close();
        assertNull(server.sessions().byUfrag(transport.localCredentials().ufrag()));
    }

    @Test
    void checksWithUnknownUserOrWrongIntegrityAreDroppedAndCounted() throws Exception {
        RecordingListener listener = new RecordingListener();
        LiteTransport transport = server.create(listener, List.of(LOOPBACK), 0);
        IceCredentials local = transport.localCredentials();
        transport.start(new IceCredentials("peer", "peerpassword0123456789"), List.of());

        send(Checks.binding("nobody:peer", local.pwd(), true));
        assertNull(receive(), "unknown ufrag: no answer");
        send(Checks.binding(local.ufrag() + ":peer", "not-the-password-at-all", true));
        assertNull(receive(), "wrong integrity: no answer");
        send(Checks.binding(local.ufrag() + ":stranger", local.pwd(), true));
        assertNull(receive(), "the offer's ufrag is another: no answer");
        send(new byte[] {(byte) 0xFF, 1, 2, 3});
        send(new byte[] {0, 1, 0, 0, 1, 2, 3, 4}); // first byte says STUN, too short for one
        assertNull(receive());
        awaitCount(server.counters().garbage, 2);
        assertEquals(2, server.counters().unknownUser.sum());
        assertEquals(1, server.counters().badIntegrity.sum());
        assertEquals(2, server.counters().garbage.sum());
        assertEquals(1, listener.connected.getCount(), "no bad check selects a pair");

        send(Checks.binding(local.ufrag() + ":peer", local.pwd(), false));
        ByteBuffer answer = receive();
        assertNotNull(answer, "the server goes on answering good checks");
        assertEquals(0x0101, answer.getShort(0) & 0xFFFF);
        assertEquals(socket.getLocalPort(), xorMappedPort(answer));
        assertEquals(1, listener.connected.getCount(), "a check without USE-CANDIDATE does not select");
    }

    @Test
    void useCandidateSelectsTheSenderAndDatagramsRouteByAddress() throws Exception {
        RecordingListener listener = new RecordingListener();
        LiteTransport transport = server.create(listener, List.of(LOOPBACK), 0);
        IceCredentials local = transport.localCredentials();
        byte[] media = {(byte) 0x90, 1, 2};
        send(media);
        awaitCount(server.counters().unknownAddress, 1);

        send(Checks.binding(local.ufrag() + ":any", local.pwd(), true));
        assertNotNull(receive());
        assertTrue(listener.connected.await(5, TimeUnit.SECONDS));
        assertEquals(socket.getLocalSocketAddress(), listener.remote);
        send(media);
        assertArrayEquals(media, listener.datagrams.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aSessionWithoutChecksForTheConsentTimeoutFails() throws Exception {
        server.close();
        server = new LiteUdpServer(new InetSocketAddress(LOOPBACK, 0), Duration.ofSeconds(1));
        RecordingListener listener = new RecordingListener();
        LiteTransport transport = server.create(listener, List.of(LOOPBACK), 0);
        IceCredentials local = transport.localCredentials();
        send(Checks.binding(local.ufrag() + ":p", local.pwd(), true));
        assertTrue(listener.connected.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 8; i++) {
            Thread.sleep(300);
            send(Checks.binding(local.ufrag() + ":p", local.pwd(), false));
        }
        assertEquals(1, listener.failed.getCount(), "checks every 300 ms keep consent: " + listener.failures);
        assertTrue(listener.failed.await(5, TimeUnit.SECONDS), "silence beyond 1 s fails the session");
        assertEquals(List.of("ICE-lite: consent expired"), listener.failures);
        assertNull(server.sessions().byAddress((InetSocketAddress) socket.getLocalSocketAddress()));
        assertFalse(server.sessions().all().contains(transport));
    }

    @Test
    void closingTheServerFailsOpenSessionsAndFreesThePort() throws Exception {
        RecordingListener listener = new RecordingListener();
        server.create(listener, List.of(LOOPBACK), 0);
        int port = server.port();
        server.close();
        assertEquals(List.of(LiteUdpServer.STOPPED), listener.failures);
        server = new LiteUdpServer(new InetSocketAddress(LOOPBACK, port), Duration.ofSeconds(1));
        assertEquals(port, server.port());
    }

    @Test
    void sendersOutpacingTheSocketNeitherDelayChecksNorGrowTheQueueBeyondItsBound() throws Exception {
        RecordingListener listener = new RecordingListener();
        LiteTransport transport = server.create(listener, List.of(LOOPBACK), 0);
        IceCredentials local = transport.localCredentials();
        socket.setSoTimeout(2000);
        send(Checks.binding(local.ufrag() + ":p", local.pwd(), false));
        assertNotNull(receive(), "answered before the flood");
        try (DatagramSocket sink = new DatagramSocket(0, LOOPBACK)) {
            InetSocketAddress to = (InetSocketAddress) sink.getLocalSocketAddress();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger largestQueue = new AtomicInteger();
            List<Thread> senders = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread sender = new Thread(() -> {
                    while (!stop.get()) {
                        server.send(PooledByteBufAllocator.DEFAULT.directBuffer(1200).writeZero(1200), to);
                        largestQueue.accumulateAndGet(server.queued(), Math::max);
                    }
                });
                sender.start();
                senders.add(sender);
            }
            try {
                Thread.sleep(1000); // the queue is full by now: the senders only allocate and queue
                for (int i = 0; i < 3; i++) {
                    long sent = System.nanoTime();
                    send(Checks.binding(local.ufrag() + ":p", local.pwd(), false));
                    assertNotNull(receive(), "a check is answered while datagrams are queued faster than they leave; queued "
                            + server.queued() + ", dropped " + server.counters().sendQueueFull.sum() + ", answered " + server.counters().checksAnswered.sum());
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                    assertTrue(millis < 2000, "answered after " + millis + " ms");
                }
            } finally {
                stop.set(true);
                for (Thread sender : senders) {
                    sender.join(5000);
                }
            }
            assertTrue(server.counters().sendQueueFull.sum() > 0, "senders outpaced the socket: some datagrams dropped");
            // a sender that finds the queue full counts itself in for an instant before it backs out
            assertTrue(largestQueue.get() <= LiteUdpServer.MAX_QUEUED + senders.size(), "queue bound held: " + largestQueue.get());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.queued() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, server.queued(), "the loop writes out what was queued once the senders stop");
        }
    }

    /** Waits for a counter the event loop increments (it never goes down). */
    private static void awaitCount(java.util.concurrent.atomic.LongAdder counter, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counter.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, counter.sum());
    }

    private void send(byte[] data) throws Exception {
        socket.send(new DatagramPacket(data, data.length, LOOPBACK, server.port()));
    }

    private ByteBuffer receive() throws Exception {
        byte[] buffer = new byte[1500];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(p);
            return ByteBuffer.wrap(buffer, 0, p.getLength());
        } catch (SocketTimeoutException none) {
            return null;
        }
    }

    private static int xorMappedPort(ByteBuffer answer) {
        int at = 20;
        while (at + 4 <= answer.limit()) {
            int type = answer.getShort(at) & 0xFFFF;
            int length = answer.getShort(at + 2) & 0xFFFF;
            if (type == 0x0020) {
                return (answer.getShort(at + 6) & 0xFFFF) ^ 0x2112;
            }
            at += 4 + (length + 3) / 4 * 4;
        }
        return -1;
    }
}
