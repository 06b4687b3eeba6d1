package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.WhepPeer;
import io.strom.e2e.WebRtcClients.WhepRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code io.strom.rtmp} bundle stopped, started and updated with a jar through the Web Console
 * while an RTSP (ffmpeg) and a WHEP (aiortc) reader play the same path: the RTMP reader's session
 * ends, the RTMP port is freed and bound again, and the other readers never stall.
 */
class RtmpBundleSwapIT {

    private static final String PATH = "cam";
    private static final String RTMP = "io.strom.rtmp";
    private static final int SECONDS = 25;
    private static final int FPS = 30;

    @Test
    void rtmpStopsStartsAndUpdatesWhileRtspAndWhepReadersPlay() throws Exception {
        Path jar = StromServer.repositoryRoot().resolve("bundles/rtmp/target/rtmp-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.isRegularFile(jar), "the rtmp bundle's jar is built by the reactor: " + jar);
        try (StromServer server = StromServer.start("")) {
            ConsoleBundles console = new ConsoleBundles(server);
            server.startProcess(Ffmpeg.publishRtsp(server.rtspUrl(PATH), "libopus"), server.workDir().resolve("publish.log"));
            Await.until(PATH + " is ready", Duration.ofSeconds(20), () -> server.readyPath(PATH) != null);

            Path rtspProgress = server.workDir().resolve("rtsp.progress");
            Path rtmpProgress = server.workDir().resolve("rtmp.progress");
            long started = System.nanoTime();
            Process rtspReader = server.startProcess(Ffmpeg.readRtsp(server.rtspUrl(PATH), SECONDS, rtspProgress),
                    server.workDir().resolve("rtsp-reader.log"));
            CompletableFuture<WhepRun> whep = CompletableFuture.supplyAsync(() -> WebRtcClients.aiortcReaders(
                    server.whepUrl(PATH), 1, Duration.ofSeconds(SECONDS), false));
            Process rtmpReader = server.startProcess(Ffmpeg.readRtmp(server.rtmpUrl(PATH), 120, rtmpProgress),
                    server.workDir().resolve("rtmp-reader.log"));
            Await.until("the RTSP and RTMP readers get frames", Duration.ofSeconds(20),
                    () -> Ffmpeg.frames(rtspProgress) > FPS && Ffmpeg.frames(rtmpProgress) > FPS);

            console.stop(RTMP);
            assertTrue(rtmpReader.waitFor(10, TimeUnit.SECONDS), "the RTMP reader's session ends with the bundle");
            try (ServerSocket freed = new ServerSocket(server.rtmpPort(), 1, InetAddress.getLoopbackAddress())) {
                assertTrue(freed.isBound(), "the stopped bundle freed the RTMP port");
            }

            console.start(RTMP);
            Await.until("the RTMP port accepts again", Duration.ofSeconds(10), () -> connects(server.rtmpPort()));

            console.update(RTMP, jar);
            Await.until("the updated bundle accepts on the RTMP port", Duration.ofSeconds(10),
                    () -> connects(server.rtmpPort()));
            Path again = server.workDir().resolve("rtmp-again.progress");
            Process second = server.startProcess(Ffmpeg.readRtmp(server.rtmpUrl(PATH), 3, again),
                    server.workDir().resolve("rtmp-again.log"));
            assertTrue(second.waitFor(20, TimeUnit.SECONDS), "an RTMP reader of the updated bundle ends after 3 s");
            assertTrue(Ffmpeg.frames(again) >= 2 * FPS, "the updated bundle serves RTMP: " + Ffmpeg.frames(again) + " frames");

            assertTrue(rtspReader.waitFor(SECONDS + 15, TimeUnit.SECONDS), "the RTSP reader ends after its " + SECONDS + " s");
            double rtspWall = (System.nanoTime() - started) / 1e9;
            assertTrue(Ffmpeg.frames(rtspProgress) >= 0.95 * FPS * SECONDS,
                    "RTSP frames: " + Ffmpeg.frames(rtspProgress) + " of " + FPS * SECONDS);
            assertTrue(rtspWall < SECONDS + 8, "the RTSP reader did not stall: its " + SECONDS + " s took " + rtspWall + " s");

            WhepRun run = whep.get(SECONDS + 60, TimeUnit.SECONDS);
            assertEquals(1, run.connected(), run.errors() + " " + run.log());
            WhepPeer peer = run.peers().get(0);
            double expected = FPS * (SECONDS - peer.connectMs() / 1000.0);
            assertTrue(peer.videoFrames() >= 0.95 * expected, "WHEP frames: " + peer.videoFrames() + " of " + expected);
            assertTrue(server.isAlive());
        }
    }

    private static boolean connects(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return s.isConnected();
        } catch (IOException refused) {
            return false;
        }
    }
}
