package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.AiortcOptions;
import io.strom.e2e.WebRtcClients.ChromiumRun;
import io.strom.e2e.WebRtcClients.WhepPeer;
import io.strom.e2e.WebRtcClients.WhepRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WHEP over the ICE-lite factory ({@code io.strom.ice.lite}): both ICE bundles run, ice4j serves
 * until a {@code deploy/io.strom.ice.lite.config} gives lite its port and a ranking above
 * ice4j's; then aiortc readers and headless Chromium play over the one shared lite port.
 */
class WhepIceLiteIT {

    private static final int SECONDS = 12;
    private static final int CHROMIUM_SECONDS = 15;
    private static final String PATH = "cam";
    private static StromServer server;
    private static int litePort;
    private static String ice4jAnswer;

    @BeforeAll
    static void start() {
        server = StromServer.start("metrics: yes\n");
        WhepIT.publishCamera(server, PATH);
        ice4jAnswer = offerAndDelete();
        litePort = StromServer.freeUdpPort();
        try {
            // FileInstall's typed format: service.ranking must be an Integer to count as a ranking
            Files.writeString(server.dataDir().resolve("deploy").resolve("io.strom.ice.lite.config"),
                    "service.ranking=I\"10\"\nwebrtcLocalUDPAddress=\"127.0.0.1:" + litePort + "\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until("ICE-lite binds its port", Duration.ofSeconds(20),
                () -> server.log().contains("ICE-lite listening on UDP /127.0.0.1:" + litePort));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Posts an H264 offer in a browser's shape, returns the answer and ends the session. */
    private static String offerAndDelete() {
        HttpResponse<String> r = offer();
        String location = r.headers().firstValue("Location").orElseThrow();
        assertEquals(200, server.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.whepUrl(PATH).getPort() + location)).DELETE()).statusCode());
        return r.body();
    }

    private static HttpResponse<String> offer() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.whepUrl(PATH))
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(
                        WhepIT.h264Offer())));
        assertEquals(201, r.statusCode(), r.body());
        return r;
    }

    @Test
    void ice4jServesUntilLiteOutranksIt() {
        assertFalse(ice4jAnswer.contains("a=ice-lite"), ice4jAnswer);
        assertTrue(ice4jAnswer.contains(" " + server.iceUdpPort() + " typ host"), ice4jAnswer);
        String liteAnswer = offerAndDelete();
        assertTrue(liteAnswer.contains("a=ice-lite\r\n"), liteAnswer);
        assertTrue(liteAnswer.contains(" 127.0.0.1 " + litePort + " typ host"), liteAnswer);
        assertFalse(liteAnswer.contains(" " + server.iceUdpPort() + " typ host"), liteAnswer);
    }

    @Test
    void garbageAndForgedChecksOnTheLitePortAreCountedAndDropped() throws Exception {
        // a session that never connects: its ufrag makes checks only MESSAGE-INTEGRITY gives away
        String answer = offer().body();
        String ufrag = answer.lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElseThrow()
                .substring("a=ice-ufrag:".length());
        Prometheus before = Prometheus.scrape(server);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 50; i++) {
                for (byte[] datagram : new byte[][] {garbage(), StunChecks.forged(ufrag + ":abcd"), StunChecks.forged("nobody:abcd")}) {
                    socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), litePort));
                }
            }
        }
        String refused = "strom_ice_lite_stun_checks_refused_total";
        String dropped = "strom_ice_lite_datagrams_dropped_total";
        Await.until("the lite port counted what it dropped", Duration.ofSeconds(10), () -> {
            Prometheus after = Prometheus.scrape(server);
            return after.sum(refused, "reason", "bad_integrity") >= before.sum(refused, "reason", "bad_integrity") + 50
                    && after.sum(refused, "reason", "unknown_user") >= before.sum(refused, "reason", "unknown_user") + 50
                    && after.sum(dropped, "reason", "garbage") >= before.sum(dropped, "reason", "garbage") + 50;
        });
        assertTrue(offerAndDelete().contains("a=ice-lite"), "the factory goes on serving offers");
    }

    /** A datagram whose first byte (0xC0 and up) is none of STUN, DTLS, RTP (RFC 7983). */
    private static byte[] garbage() {
        byte[] b = new byte[1 + ThreadLocalRandom.current().nextInt(500)];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] = (byte) (0xC0 | b[0]);
        return b;
    }

    @Test
    void twoAiortcReadersDecodeVideoOverTheLitePort() {
        WhepRun run = WebRtcClients.aiortcReaders(server.whepUrl(PATH), 2, Duration.ofSeconds(SECONDS),
                AiortcOptions.DEFAULT.decoding());
        assertEquals(2, run.connected(), run.errors() + " " + run.log());
        assertEquals(1280, run.width());
        assertEquals(720, run.height());
        for (WhepPeer peer : run.peers()) {
            double expected = 30 * (SECONDS - peer.connectMs() / 1000.0);
            assertTrue(peer.videoFrames() >= 0.9 * expected, "reader " + peer.index() + ": "
                    + peer.videoFrames() + " decoded video frames, expected about " + expected);
            assertTrue(peer.audioFrames() > 0, "reader " + peer.index() + " got audio");
            assertEquals(200, peer.deleteStatus(), "DELETE ends the session");
        }
    }

    @Test
    void chromiumPlaysThePageThroughTheLitePort() {
        ChromiumRun run = WebRtcClients.chromium(server.webrtcPage(PATH), Duration.ofSeconds(CHROMIUM_SECONDS), false);
        assertEquals("connected", run.connectionState(), run.errors() + " " + run.log());
        assertEquals(litePort, run.selectedPair().remote().port(), "the selected pair: " + run.selectedPair());
        assertEquals("controlling", run.transport().iceRole(), "a browser controls against a lite server");
        double playing = CHROMIUM_SECONDS - run.firstFrameMs() / 1000.0;
        assertTrue(run.inboundVideo().framesDecoded() >= 0.9 * 30 * playing, "frames decoded in the "
                + playing + " s since the first frame: " + run.inboundVideo());
        assertTrue(run.video().currentTime() > 5, "video time advances: " + run.video());
    }
}
