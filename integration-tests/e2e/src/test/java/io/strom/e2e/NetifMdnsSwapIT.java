package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.WhepPeer;
import io.strom.e2e.WebRtcClients.WhepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The interface discovery's lists and TTL, and ICE's mDNS mode, changed through FileInstall
 * configurations while a WHEP reader plays: the reader goes on, the new settings show in the log
 * and the metrics, and new readers connect.
 */
class NetifMdnsSwapIT {

    private static final String PATH = "cam";
    private static final int SECONDS = 25;
    private static final int FPS = 30;

    @Test
    void netifListsTtlAndMdnsChangeWhileAReaderPlays() throws Exception {
        try (StromServer server = StromServer.start("metrics: yes\n")) {
            server.startProcess(Ffmpeg.publishRtsp(server.rtspUrl(PATH), "libopus"), server.workDir().resolve("publish.log"));
            Await.until(PATH + " is ready", Duration.ofSeconds(20), () -> server.readyPath(PATH) != null);
            CompletableFuture<WhepRun> playing = CompletableFuture.supplyAsync(() -> WebRtcClients.aiortcReaders(
                    server.whepUrl(PATH), 1, Duration.ofSeconds(SECONDS), false));
            Await.until("the reader plays", Duration.ofSeconds(20),
                    () -> Prometheus.scrape(server).sum("webrtc_sessions", "path", PATH, "state", "read") == 1);
            Path deploy = server.dataDir().resolve("deploy");

            // Lists: another additional host instead of 127.0.0.1.
            int listMark = server.logMark();
            Files.writeString(deploy.resolve("io.strom.netif.cfg"),
                    "webrtcIPsFromInterfaces=false\nwebrtcAdditionalHosts=127.0.0.2\n");
            Await.until("the new host list is in use", Duration.ofSeconds(20),
                    () -> server.logSince(listMark).contains("host addresses: [/127.0.0.2]"));
            newReaderConnects(server);

            // The loopback interface listed, refreshed every half second.
            double before = Prometheus.scrape(server).sum("strom_netif_enumerations_total");
            int loMark = server.logMark();
            Files.writeString(deploy.resolve("io.strom.netif.cfg"),
                    "webrtcIPsFromInterfaces=true\nwebrtcIPsFromInterfacesList=lo\nipv6=false\nttl=0.5\n");
            Await.until("the loopback interface's address is in use", Duration.ofSeconds(20),
                    () -> server.logSince(loMark).contains("host addresses: [/127.0.0.1]"));
            Thread.sleep(2500);
            double enumerations = Prometheus.scrape(server).sum("strom_netif_enumerations_total") - before;
            assertTrue(enumerations >= 4, "a 0.5 s TTL lists the interfaces about twice a second: " + enumerations);
            assertEquals(1.0, Prometheus.scrape(server).sum("strom_netif_addresses"));
            newReaderConnects(server);

            // mDNS resolving on, then off; FileInstall's file replaces the whole io.strom.ice configuration.
            String ice = "webrtcLocalUDPAddress=127.0.0.1:" + server.iceUdpPort() + "\n";
            int resolveMark = server.logMark();
            Files.writeString(deploy.resolve("io.strom.ice.cfg"), ice + "mdns=resolve\n");
            Await.until("mDNS resolving is on", Duration.ofSeconds(20),
                    () -> server.logSince(resolveMark).contains("ICE (ice4j): mdns=resolve (max 10 queries/s) for new sessions"));
            newReaderConnects(server);
            int disabledMark = server.logMark();
            Files.writeString(deploy.resolve("io.strom.ice.cfg"), ice + "mdns=disabled\n");
            Await.until("mDNS resolving is off", Duration.ofSeconds(20),
                    () -> server.logSince(disabledMark).contains("ICE (ice4j): mdns=disabled (max 10 queries/s) for new sessions"));

            WhepRun run = playing.get(SECONDS + 60, TimeUnit.SECONDS);
            assertEquals(1, run.connected(), "the running reader went on: " + run.errors() + " " + run.log());
            WhepPeer peer = run.peers().get(0);
            double expected = FPS * (SECONDS - peer.connectMs() / 1000.0);
            assertTrue(peer.videoFrames() >= 0.95 * expected, "frames: " + peer.videoFrames() + " of " + expected);
            assertTrue(!server.log().contains("the ICE transport factory stopped"), "no session lost its transport");
        }
    }

    private static void newReaderConnects(StromServer server) {
        WhepRun run = WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(3), false);
        assertEquals(1, run.connected(), run.errors() + " " + run.log());
        assertTrue(run.minVideoFrames() > FPS, "frames: " + run.videoFrames());
    }
}
