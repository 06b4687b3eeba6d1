package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.AiortcOptions;
import io.strom.e2e.WebRtcClients.ChromiumRun;
import io.strom.e2e.WebRtcClients.WhepPeer;
import io.strom.e2e.WebRtcClients.WhepRun;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WHEP with real WebRTC clients: an ffmpeg camera publishes 720p H264 + Opus over RTSP/TCP (the
 * case the project was made for), and aiortc readers and headless Chromium play it.
 */
class WhepIT {

    private static final int SECONDS = 20;
    private static final int CHROMIUM_SECONDS = 15;
    private static final String PATH = "cam";
    private static StromServer server;

    @BeforeAll
    static void start() {
        // A STUN server on loopback where nothing answers: announced to clients, never reached by tests.
        server = StromServer.start("webrtcICEServers2:\n  - url: stun:127.0.0.1:3478\nmetrics: yes\n");
        publishCamera(server, PATH);
    }

    /** An ffmpeg "camera": 720p30 H264 at 2 Mbit/s with Opus, published over RTSP/TCP; returns once the path is ready. */
    static void publishCamera(StromServer server, String path) {
        server.startProcess(Ffmpeg.publishRtsp(server.rtspUrl(path), "libopus", "tcp", "1280x720",
                List.of("-b:v", "2M", "-maxrate", "2M", "-bufsize", "2M")),
                server.workDir().resolve("publish-" + path + ".log"));
        Await.until(path + " is ready", Duration.ofSeconds(20), () -> server.readyPath(path) != null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What a reader connected for the rest of the run should have got, at {@code perSecond} frames per second. */
    static double expected(WhepPeer peer, int perSecond) {
        return perSecond * (SECONDS - peer.connectMs() / 1000.0);
    }

    @Test
    void fiveAiortcReadersDecodeVideoAndAudioOverGcm() {
        WhepRun run = WebRtcClients.aiortcReaders(server.whepUrl(PATH), 5, Duration.ofSeconds(SECONDS),
                AiortcOptions.DEFAULT.decoding().offering("SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80"));
        assertEquals(5, run.connected(), run.errors() + " " + run.log());
        assertEquals(1280, run.width());
        assertEquals(720, run.height());
        for (WhepPeer peer : run.peers()) {
            assertEquals("SRTP_AEAD_AES_128_GCM", peer.srtpProfile(), "the server prefers GCM");
            assertEquals("H264", peer.videoCodec());
            assertEquals("opus", peer.audioCodec());
            assertTrue(peer.videoFrames() >= 0.9 * expected(peer, 30), "reader " + peer.index() + ": "
                    + peer.videoFrames() + " video frames, expected about " + expected(peer, 30));
            assertTrue(peer.audioFrames() >= 0.9 * expected(peer, 50), "reader " + peer.index() + ": "
                    + peer.audioFrames() + " audio frames, expected about " + expected(peer, 50));
            assertEquals(200, peer.deleteStatus(), "DELETE ends the session");
        }
    }

    @Test
    void vp8FromAnRtspPublisherReachesAnAiortcReader() {
        server.startProcess(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M", "-g", "30",
                "-c:a", "libopus", "-b:a", "64k", "-f", "rtsp", "-rtsp_transport", "tcp", server.rtspUrl("vp8")),
                server.workDir().resolve("publish-vp8.log"));
        Await.until("vp8 is ready", Duration.ofSeconds(20), () -> server.readyPath("vp8") != null);
        WhepRun run = WebRtcClients.aiortcReaders(server.whepUrl("vp8"), 1, Duration.ofSeconds(8), true);
        assertEquals(1, run.connected(), run.errors() + " " + run.log());
        WhepPeer peer = run.peers().get(0);
        assertEquals("VP8", peer.videoCodec());
        assertEquals(640, peer.width());
        assertTrue(peer.videoFrames() >= 0.8 * 30 * (8 - peer.connectMs() / 1000.0), peer.videoFrames() + " frames");
        assertTrue(peer.audioFrames() > 100, peer.audioFrames() + " audio frames");
    }

    @Test
    void aTricklingReaderConnectsThroughPatch() {
        WhepRun run = WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(8),
                AiortcOptions.DEFAULT.trickling());
        assertEquals(1, run.connected(), run.errors() + " " + run.log());
        assertEquals(204, run.peers().get(0).patchStatus());
        assertTrue(run.minVideoFrames() > 100, run.videoFrames().toString());
    }

    @Test
    void chromiumPlaysThePageWithItsMdnsCandidates() {
        ChromiumRun run = WebRtcClients.chromium(server.webrtcPage(PATH), Duration.ofSeconds(CHROMIUM_SECONDS), false);
        assertPlays(run);
        assertTrue(run.localCandidates().mdns() > 0, "Chromium hid its addresses behind .local names: "
                + run.localCandidates());
        assertEquals("prflx", run.selectedPair().local().candidateType(),
                "the server learnt Chromium's address from its checks, not from an mDNS look-up");
    }

    @Test
    void chromiumPlaysThePageWithPlainCandidates() {
        ChromiumRun run = WebRtcClients.chromium(server.webrtcPage(PATH), Duration.ofSeconds(CHROMIUM_SECONDS), true);
        assertPlays(run);
        assertEquals(0, run.localCandidates().mdns());
    }

    static void assertPlays(ChromiumRun run) {
        assertEquals("connected", run.connectionState(), run.errors() + " " + run.log());
        assertEquals(1280, run.video().width());
        assertTrue(run.video().currentTime() > 5, "video time advances: " + run.video());
        double playing = CHROMIUM_SECONDS - run.firstFrameMs() / 1000.0;
        assertTrue(run.inboundVideo().framesDecoded() >= 0.9 * 30 * playing, "frames decoded in the "
                + playing + " s since the first frame: " + run.inboundVideo());
        assertTrue(run.inboundAudio().packetsReceived() > 300, "audio: " + run.inboundAudio());
        assertTrue(run.transport().srtpCipher().contains("GCM"), "Chromium negotiates GCM: " + run.transport());
    }

    private static HttpResponse<String> post(URI uri, String contentType, String body) {
        return server.send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** An offer with one H264 (packetization mode 1, constrained baseline) video section. */
    static String h264Offer() {
        return vp8OnlyOffer().replace("VP8/90000", "H264/90000\r\na=fmtp:96 packetization-mode=1;profile-level-id=42e01f");
    }

    /** An offer with one VP8-only video section, in the shape browsers send. */
    static String vp8OnlyOffer() {
        return String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
                "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB", "a=setup:actpass", "a=mid:0", "a=recvonly",
                "a=rtcp-mux", "a=rtpmap:96 VP8/90000", "");
    }

    @Test
    void badRequestsGetTheirStatusAndAReason() {
        HttpResponse<String> r = post(server.whepUrl(PATH), "application/sdp", "hello");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("v=0"), r.body());
        r = post(server.whepUrl(PATH), "text/plain", vp8OnlyOffer());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("Content-Type"), r.body());
        r = post(server.whepUrl(PATH), "application/sdp", vp8OnlyOffer());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("no compatible codec") && r.body().contains("[H264, Opus]"), r.body());
        r = post(server.whepUrl(PATH), "application/sdp", vp8OnlyOffer().replace("UDP/TLS/RTP/SAVPF", "RTP/SAVP"));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("no SRTP profile in common"), r.body());
        r = post(server.whepUrl("nobody"), "application/sdp", vp8OnlyOffer());
        assertEquals(404, r.statusCode(), r.body());
        URI unknown = URI.create(server.whepUrl(PATH) + "/00000000-0000-0000-0000-000000000000");
        assertEquals(404, server.send(HttpRequest.newBuilder(unknown).header("Content-Type", "application/trickle-ice-sdpfrag")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n")))
                .statusCode());
        assertEquals(404, server.send(HttpRequest.newBuilder(unknown).DELETE()).statusCode());
        HttpResponse<String> preflight = server.send(HttpRequest.newBuilder(server.whepUrl(PATH))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("PATCH"));
        assertEquals("<stun:127.0.0.1:3478>; rel=\"ice-server\"", preflight.headers().firstValue("Link").orElse(""));
    }

    @Test
    void garbageOnTheIcePortLeavesAPlayingReaderAlone() throws Exception {
        // A session of our own that never answers checks: its user name makes forged checks that
        // only the MESSAGE-INTEGRITY gives away.
        HttpResponse<String> created = post(server.whepUrl(PATH), "application/sdp", h264Offer());
        assertEquals(201, created.statusCode(), created.body());
        String ufrag = created.body().lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElseThrow()
                .substring("a=ice-ufrag:".length());
        Prometheus before = Prometheus.scrape(server);
        CompletableFuture<WhepRun> reader = CompletableFuture.supplyAsync(
                () -> WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(12), false));
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < end) {
                for (byte[] datagram : new byte[][] {randomBytes(), StunChecks.forged("nobody:nothing"),
                        StunChecks.forged(ufrag + ":nothing"), fakeDtlsRecord()}) {
                    socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(),
                            server.iceUdpPort()));
                }
                Thread.sleep(5);
            }
        }
        WhepRun run = reader.get();
        assertEquals(1, run.connected(), run.errors() + " " + run.log());
        WhepPeer peer = run.peers().get(0);
        assertTrue(peer.videoFrames() >= 0.9 * 30 * (12 - peer.connectMs() / 1000.0), peer.videoFrames() + " frames");
        assertTrue(server.log().contains("is publishing to path 'cam'"));
        Prometheus after = Prometheus.scrape(server);
        for (String reason : List.of("unknown_user", "bad_integrity")) {
            assertTrue(after.sum("strom_ice_stun_checks_refused_total", "reason", reason)
                    >= before.sum("strom_ice_stun_checks_refused_total", "reason", reason) + 100, reason + " counted");
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[1 + ThreadLocalRandom.current().nextInt(1200)];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** A DTLS handshake record header with nonsense after it. */
    private static byte[] fakeDtlsRecord() {
        byte[] b = randomBytes();
        b[0] = 22;
        return b;
    }
}
