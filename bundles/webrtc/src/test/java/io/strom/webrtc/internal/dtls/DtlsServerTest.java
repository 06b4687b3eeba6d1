package io.strom.webrtc.internal.dtls;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** A real Bouncy Castle DTLS client, acting as the browser, against {@link DtlsServer} in memory. */
class DtlsServerTest {
    private static final int CM_80 = 0x0001;
    private static final int GCM_128 = 0x0007;
    private static final int GCM_256 = 0x0008;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static DtlsCertificate serverCertificate;
    private static DtlsCertificate clientCertificate;
    private static DtlsCertificate strangerCertificate;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch handshakeThreadReturned = new CountDownLatch(1);
    private final Executor handshakeExecutor = task -> pool.execute(() -> {
        try {
            task.run();
        } finally {
            handshakeThreadReturned.countDown();
        }
    });
    private final InMemoryLink link = new InMemoryLink();
    private final RecordingListener listener = new RecordingListener();
    private DtlsServer server;

    @BeforeAll
    static void generateCertificates() {
        SecureRandom random = new SecureRandom();
        serverCertificate = DtlsCertificate.generate(Clock.systemUTC(), random);
        clientCertificate = DtlsCertificate.generate(Clock.systemUTC(), random);
        strangerCertificate = DtlsCertificate.generate(Clock.systemUTC(), random);
    }

    @AfterEach
    void closeEverything() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        link.close();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(5, SECONDS), "test threads still running");
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES128_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void bothSidesDeriveTheSameSrtpKeysSplitPerRfc5764(SrtpProfile profile) throws Exception {
        startServer(new int[] {profile.id()}, clientCertificate, TIMEOUT);
        BrowserLikeClient client = new BrowserLikeClient(clientCertificate, new int[] {CM_80, GCM_128, GCM_256});
        connect(client).get(5, SECONDS);
        DtlsResult result = listener.awaitCompleted();

        assertEquals(profile, result.profile());
        assertEquals(profile.id(), client.selectedProfile);
        byte[] material = client.keyingMaterial;
        assertEquals(profile.keyingMaterialLength(), material.length);
        int k = profile.keyLength();
        int s = profile.saltLength();
        assertArrayEquals(Arrays.copyOfRange(material, 0, k), result.remoteKey(), "client_write_key");
        assertArrayEquals(Arrays.copyOfRange(material, k, 2 * k), result.localKey(), "server_write_key");
        assertArrayEquals(Arrays.copyOfRange(material, 2 * k, 2 * k + s), result.remoteSalt(), "client_write_salt");
        assertArrayEquals(Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s), result.localSalt(),
                "server_write_salt");
        assertEquals(serverCertificate.fingerprintSha256(),
                DtlsFingerprint.of("sha-256", client.serverCertificate).value(),
                "the client saw the certificate whose fingerprint goes into the SDP answer");
        assertTrue(handshakeThreadReturned.await(5, SECONDS), "handshake thread held after the handshake");
        assertEquals(0, server.inboundBuffers(), "an established session holds no handshake datagram buffers");
    }

    @ParameterizedTest
    @CsvSource({
        "7 1,   1 7, 7",
        "1 7,   1 7, 1",
        "8 7 1, 1 7, 7",
        "1,     7 1, 1",
    })
    void serverPicksItsMostPreferredProfileAmongThoseOffered(String allowed, String offered, int expected)
            throws Exception {
        startServer(ids(allowed), clientCertificate, TIMEOUT);
        BrowserLikeClient client = new BrowserLikeClient(clientCertificate, ids(offered));
        connect(client).get(5, SECONDS);
        assertEquals(expected, listener.awaitCompleted().profileId());
        assertEquals(expected, client.selectedProfile);
    }

    @Test
    void noProfileInCommonFailsWithBothLists() throws Exception {
        startServer(new int[] {GCM_128, GCM_256}, clientCertificate, TIMEOUT);
        Future<DTLSTransport> connecting = connect(new BrowserLikeClient(clientCertificate, new int[] {CM_80}));

        assertEquals("no SRTP profile in common (offered: [0x0001], allowed: [0x0007, 0x0008])",
                listener.failed.get(5, SECONDS));
        assertClientRefused(connecting);
        assertTrue(handshakeThreadReturned.await(5, SECONDS));
        assertFalse(listener.completed.isDone());
    }

    @Test
    void clientWithoutUseSrtpIsRefused() throws Exception {
        startServer(new int[] {GCM_128}, clientCertificate, TIMEOUT);
        Future<DTLSTransport> connecting = connect(new BrowserLikeClient(clientCertificate, null));

        assertEquals("peer offered no use_srtp extension", listener.failed.get(5, SECONDS));
        assertClientRefused(connecting);
    }

    @Test
    void certificateNotMatchingTheOfferedFingerprintIsRefused() throws Exception {
        startServer(new int[] {GCM_128}, strangerCertificate, TIMEOUT);
        Future<DTLSTransport> connecting = connect(new BrowserLikeClient(clientCertificate, new int[] {GCM_128}));

        assertEquals("peer certificate does not match the sha-256 fingerprint of its SDP offer",
                listener.failed.get(5, SECONDS));
        assertClientRefused(connecting);
        assertFalse(listener.completed.isDone());
    }

    @Test
    void silentClientTimesOutAndReleasesTheThread() throws Exception {
        long start = System.nanoTime();
        startServer(new int[] {GCM_128}, clientCertificate, Duration.ofMillis(300));

        assertEquals("DTLS handshake timed out after 300 ms", listener.failed.get(5, SECONDS));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis >= 250 && elapsedMillis < 2_000, "timed out after " + elapsedMillis + " ms");
        assertTrue(handshakeThreadReturned.await(1, SECONDS));
        assertEquals(1, listener.events.get());
    }

    @Test
    void closeDuringTheHandshakeReleasesTheThreadAndReportsNothing() throws Exception {
        startServer(new int[] {GCM_128}, clientCertificate, Duration.ofSeconds(30));
        Thread.sleep(100);
        server.close();
        server.close();

        assertTrue(handshakeThreadReturned.await(1, SECONDS), "handshake thread still blocked after close()");
        assertEquals(0, listener.events.get());
        InMemoryLink.deliver(server, new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
    }

    @Test
    void garbageAmongTheClientsDatagramsIsDroppedAndTheHandshakeCompletes() throws Exception {
        Random random = new Random(42);
        link.beforeClientDatagram = s -> {
            InMemoryLink.deliver(s, new byte[0]);
            InMemoryLink.deliver(s, new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0});
            InMemoryLink.deliver(s, new byte[] {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 0, 0, 0, 0, 0, 0});
            // Random bytes behind a DTLS content type but a TLS version: not a DTLS record.
            InMemoryLink.deliver(s, record(random, 22, 0x0303, 0, 40, 40));
            // A handshake record announcing 100 bytes, cut after 20.
            InMemoryLink.deliver(s, record(random, 22, 0xFEFD, 0, 100, 7));
            // An epoch no one has reached: discarded before any state changes.
            InMemoryLink.deliver(s, record(random, 23, 0xFEFD, 5, 60, 60));
        };
        // A flight the garbage delays is resent on BC's doubling timers (1, 2, 4 s...): a wide bound.
        startServer(new int[] {GCM_128}, clientCertificate, Duration.ofSeconds(20));
        connect(new BrowserLikeClient(clientCertificate, new int[] {GCM_128})).get(20, SECONDS);

        assertEquals(GCM_128, listener.awaitCompleted().profileId());
        assertTrue(server.droppedDatagrams() >= 3, "dropped " + server.droppedDatagrams());
        assertEquals(1, listener.events.get());
    }

    /**
     * Records of epoch 0 carry no MAC, so a forged one with a far sequence number moves Bouncy
     * Castle's replay window past the client's records. The handshake cannot complete; it must
     * end by the timeout, reported once, with the thread released. (Over ICE only the checked
     * candidate pair reaches the server, which keeps such forgeries to on-path attackers.)
     */
    @Test
    void forgedEpochZeroRecordStallsTheHandshakeUntilTheTimeout() throws Exception {
        Random random = new Random(3);
        byte[] forged = record(random, 22, 0xFEFD, 0, 30, 30);
        Arrays.fill(forged, 5, 11, (byte) 0x7F);
        link.beforeClientDatagram = s -> InMemoryLink.deliver(s, forged);
        startServer(new int[] {GCM_128}, clientCertificate, Duration.ofMillis(1_500));
        Future<DTLSTransport> connecting = connect(new BrowserLikeClient(clientCertificate, new int[] {GCM_128}));

        assertEquals("DTLS handshake timed out after 1500 ms", listener.failed.get(5, SECONDS));
        assertTrue(handshakeThreadReturned.await(1, SECONDS));
        assertEquals(1, listener.events.get());
        link.close();
        assertThrows(ExecutionException.class, () -> connecting.get(15, SECONDS));
    }

    /**
     * The server's last flight (ChangeCipherSpec, Finished) is lost: the client resends its own
     * flight, and the established server must answer it from {@link DtlsServer#receive}, since no
     * handshake thread is left to do so.
     */
    @Test
    void lostFinalFlightIsResentWhenTheClientRetransmits() throws Exception {
        AtomicInteger lost = new AtomicInteger();
        link.loseFromServer = d -> (d[0] == 20 || d[4] == 1) && lost.getAndIncrement() < 2;
        startServer(new int[] {GCM_128}, clientCertificate, TIMEOUT);
        Future<DTLSTransport> connecting = connect(new BrowserLikeClient(clientCertificate, new int[] {GCM_128}));

        listener.awaitCompleted();
        connecting.get(5, SECONDS);
        assertTrue(lost.get() >= 3, "the final flight was lost and then sent again");
        assertEquals(1, listener.events.get());
    }

    @Test
    void garbageAfterTheHandshakeChangesNothing() throws Exception {
        DTLSTransport client = establish();
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[13 + random.nextInt(200)];
            random.nextBytes(junk);
            junk[0] = (byte) (20 + random.nextInt(44));
            InMemoryLink.deliver(server, junk);
        }
        InMemoryLink.deliver(server, new byte[3000]);

        assertEquals(1, listener.events.get());
        byte[] hello = "data channel".getBytes(StandardCharsets.US_ASCII);
        client.send(hello, 0, hello.length);
        assertEquals(1, server.droppedApplicationData(), "the connection still decrypts the peer's records");
    }

    @Test
    void closeFromTheServerSendsCloseNotify() throws Exception {
        BrowserLikeClient browser = new BrowserLikeClient(clientCertificate, new int[] {GCM_128});
        DTLSTransport client = establish(browser);
        server.close();

        Future<?> reading = pool.submit(() -> {
            byte[] buf = new byte[1500];
            try {
                client.receive(buf, 0, buf.length, 2_000);
            } catch (java.io.IOException e) {
                // The client's transport closes after close_notify; that is the expected end.
            }
        });
        assertTrue(browser.closeNotifyReceived.await(5, SECONDS), "client saw no close_notify");
        reading.get(5, SECONDS);
        assertEquals(1, listener.events.get(), "a local close reports nothing");
    }

    @Test
    void closeNotifyFromThePeerIsReportedOnce() throws Exception {
        DTLSTransport client = establish();
        client.close();

        listener.closed.get(5, SECONDS);
        InMemoryLink.deliver(server, new byte[] {21, (byte) 0xFE, (byte) 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 2, 1, 0});
        server.close();
        assertEquals(2, listener.events.get());
        assertFalse(listener.failed.isDone());
    }

    @Test
    void rejectsUnknownProfilesAndEmptyPreferences() {
        assertThrows(IllegalArgumentException.class, () -> new DtlsServer(serverCertificate, new int[] {0x0005},
                fingerprintOf(clientCertificate), link.serverSender, handshakeExecutor, TIMEOUT, listener));
        assertThrows(IllegalArgumentException.class, () -> new DtlsServer(serverCertificate, new int[0],
                fingerprintOf(clientCertificate), link.serverSender, handshakeExecutor, TIMEOUT, listener));
    }

    @Test
    void rejectedExecutorIsReportedAsFailure() throws Exception {
        server = new DtlsServer(serverCertificate, new int[] {GCM_128}, fingerprintOf(clientCertificate),
                link.serverSender, task -> {
                    throw new java.util.concurrent.RejectedExecutionException("full");
                }, TIMEOUT, listener);
        server.start();
        assertEquals("DTLS handshake not started: executor rejected it", listener.failed.get(0, MILLISECONDS));
    }

    private DTLSTransport establish() throws Exception {
        return establish(new BrowserLikeClient(clientCertificate, new int[] {GCM_128}));
    }

    private DTLSTransport establish(BrowserLikeClient browser) throws Exception {
        startServer(new int[] {GCM_128}, clientCertificate, TIMEOUT);
        DTLSTransport client = connect(browser).get(5, SECONDS);
        listener.awaitCompleted();
        return client;
    }

    private void startServer(int[] profiles, DtlsCertificate expectedPeer, Duration timeout) {
        server = new DtlsServer(serverCertificate, profiles, fingerprintOf(expectedPeer), link.serverSender,
                handshakeExecutor, timeout, listener);
        link.connect(server);
        server.start();
    }

    private Future<DTLSTransport> connect(BrowserLikeClient client) {
        return pool.submit(() -> new DTLSClientProtocol().connect(client, link));
    }

    /**
     * A DTLS record header (content type, version, epoch, sequence 0, announced length) followed by
     * {@code present} random bytes, so the length may lie.
     */
    private static byte[] record(Random random, int contentType, int version, int epoch, int announced,
            int present) {
        byte[] record = new byte[13 + present];
        random.nextBytes(record);
        record[0] = (byte) contentType;
        record[1] = (byte) (version >> 8);
        record[2] = (byte) version;
        record[3] = (byte) (epoch >> 8);
        record[4] = (byte) epoch;
        Arrays.fill(record, 5, 11, (byte) 0);
        record[11] = (byte) (announced >> 8);
        record[12] = (byte) announced;
        return record;
    }

    private static void assertClientRefused(Future<DTLSTransport> connecting) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connecting.get(5, SECONDS));
        assertInstanceOf(TlsFatalAlertReceived.class, e.getCause(), "the server told the client with an alert");
    }

    private static DtlsFingerprint fingerprintOf(DtlsCertificate certificate) {
        return DtlsFingerprint.parse("sha-256", certificate.fingerprintSha256());
    }

    private static int[] ids(String list) {
        return Arrays.stream(list.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }
}
