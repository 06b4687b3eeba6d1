package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.WhepPeer;
import io.strom.e2e.WebRtcClients.WhepRun;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ICE implementation swapped under a playing WHEP reader: ice4j to ICE-lite and back, by the
 * lite factory's service ranking in a FileInstall configuration. The running session keeps the
 * transport it started with; each new session takes the implementation ranked highest now,
 * which its answer shows ({@code a=ice-lite} and the lite port, or ice4j's port).
 */
class IceSwapIT {

    private static final String PATH = "cam";
    private static final int SECONDS = 30;
    private static StromServer server;

    @BeforeAll
    static void start() {
        server = StromServer.start("metrics: yes\n");
        WhepIT.publishCamera(server, PATH);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void newSessionsTakeTheNewImplementationWhileTheRunningOneGoesOn() throws Exception {
        CompletableFuture<WhepRun> playing = CompletableFuture.supplyAsync(
                () -> WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(SECONDS), false));
        Await.until("the long reader plays", Duration.ofSeconds(20),
                () -> Prometheus.scrape(server).sum("webrtc_sessions", "path", PATH, "state", "read") >= 1);

        int litePort = StromServer.freeUdpPort();
        Path config = server.dataDir().resolve("deploy").resolve("io.strom.ice.lite.config");
        // FileInstall's typed format: service.ranking must be an Integer to count as a ranking.
        Files.writeString(config, "service.ranking=I\"10\"\nwebrtcLocalUDPAddress=\"127.0.0.1:" + litePort + "\"\n");
        Await.until("ICE-lite binds its port", Duration.ofSeconds(20),
                () -> server.log().contains("ICE-lite listening on UDP /127.0.0.1:" + litePort));
        String lite = answer();
        assertTrue(lite.contains("a=ice-lite\r\n") && lite.contains(" 127.0.0.1 " + litePort + " typ host"), lite);
        oneReader();

        Files.writeString(config, "service.ranking=I\"-10\"\nwebrtcLocalUDPAddress=\"127.0.0.1:" + litePort + "\"\n");
        Await.until("ice4j answers again", Duration.ofSeconds(20), () -> !answer().contains("a=ice-lite"));
        assertTrue(answer().contains(" " + server.iceUdpPort() + " typ host"), "ice4j's port");
        oneReader();

        WhepRun run = playing.get(SECONDS + 60, TimeUnit.SECONDS);
        assertEquals(1, run.connected(), run.errors() + " " + run.log());
        WhepPeer peer = run.peers().get(0);
        assertTrue(peer.videoFrames() >= 0.95 * 30 * (SECONDS - peer.connectMs() / 1000.0),
                "the running reader went on over ice4j: " + peer.videoFrames() + " frames");
        assertFalse(server.log().contains("ICE transport factory stopped"), "no session lost its transport");
    }

    /** The answer to an H264 offer; the session is deleted again. */
    private static String answer() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.whepUrl(PATH))
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(WhepIT.h264Offer())));
        assertEquals(201, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        server.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.whepUrl(PATH).getPort() + location))
                .DELETE());
        return r.body();
    }

    private static void oneReader() {
        WhepRun run = WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(5), false);
        assertEquals(1, run.connected(), run.errors() + " " + run.log());
        assertTrue(run.minVideoFrames() > 30, "frames: " + run.videoFrames());
    }
}
