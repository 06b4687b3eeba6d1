package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.AiortcOptions;
import io.strom.e2e.WebRtcClients.WhepPeer;
import io.strom.e2e.WebRtcClients.WhepRun;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SRTP swapped under a playing WHEP reader: the provider (JCE or Bouncy Castle, by ranking) and
 * the allowed profiles changed through FileInstall configurations, and both SRTP bundles stopped
 * and started through the Web Console. Running sessions keep their suites; new ones take what is
 * registered now, which the negotiated profile and the provider label of the SRTP metrics show.
 */
class SrtpSwapIT {

    private static final String PATH = "cam";
    private static final int SECONDS = 25;
    private static final int FPS = 30;
    /** aiortc offers both, GCM first; OpenSSL's names. */
    private static final AiortcOptions GCM_OR_CM = AiortcOptions.DEFAULT.offering("SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80");
    private static StromServer server;

    @BeforeAll
    static void start() {
        server = StromServer.start("metrics: yes\n");
        server.startProcess(Ffmpeg.publishRtsp(server.rtspUrl(PATH), "libopus"), server.workDir().resolve("publish.log"));
        Await.until(PATH + " is ready", Duration.ofSeconds(20), () -> server.readyPath(PATH) != null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void providerAndProfilesChangeForNewSessionsWhileARunningOneGoesOn() throws Exception {
        CompletableFuture<WhepRun> playing = playing();

        // Bouncy Castle outranks the JCE: the next session's suite is Bouncy Castle's.
        int mark = server.logMark();
        Files.writeString(server.dataDir().resolve("deploy/io.strom.srtp.cfg"), "ranking=-100\n");
        Await.until("the JCE suites are re-ranked", Duration.ofSeconds(20), () -> server.logSince(mark).contains(
                "io.strom.srtp: SRTP suites of provider jce: [SRTP_AEAD_AES_128_GCM (ranking -70)"));
        double bcBefore = protectedBy("bc", "SRTP_AEAD_AES_128_GCM");
        WhepPeer bc = oneReader();
        assertEquals("SRTP_AEAD_AES_128_GCM", bc.srtpProfile());
        assertTrue(protectedBy("bc", "SRTP_AEAD_AES_128_GCM") > bcBefore + 100, "Bouncy Castle protected its media");

        // Only AES-CM allowed, by both providers: GCM (the running session's profile) is unregistered.
        int cmMark = server.logMark();
        Files.writeString(server.dataDir().resolve("deploy/io.strom.srtp.bc.cfg"), "profiles=SRTP_AES128_CM_HMAC_SHA1_80\n");
        Files.writeString(server.dataDir().resolve("deploy/io.strom.srtp.cfg"),
                "ranking=-100\nprofiles=SRTP_AES128_CM_HMAC_SHA1_80\n");
        Await.until("only AES-CM is registered", Duration.ofSeconds(20), () -> server.logSince(cmMark).contains(
                "io.strom.srtp.bc: SRTP suites of provider bc: [SRTP_AES128_CM_HMAC_SHA1_80 (ranking 30)]")
                && server.logSince(cmMark).contains("io.strom.srtp: SRTP suites of provider jce: [SRTP_AES128_CM_HMAC_SHA1_80 (ranking -70)]"));
        double cmBefore = protectedBy("bc", "SRTP_AES128_CM_HMAC_SHA1_80");
        WhepPeer cm = oneReader();
        assertEquals("SRTP_AES128_CM_SHA1_80", cm.srtpProfile());
        assertTrue(protectedBy("bc", "SRTP_AES128_CM_HMAC_SHA1_80") > cmBefore + 100, "Bouncy Castle protected AES-CM media");

        // Back to the JCE on top with its defaults (the start-up printed the same line: wait for a new one).
        int jceMark = server.logMark();
        Files.writeString(server.dataDir().resolve("deploy/io.strom.srtp.cfg"), "ranking=100\n");
        Files.delete(server.dataDir().resolve("deploy/io.strom.srtp.bc.cfg"));
        Await.until("the JCE suites are on top again", Duration.ofSeconds(20), () -> server.logSince(jceMark).contains(
                "io.strom.srtp: SRTP suites of provider jce: [SRTP_AEAD_AES_128_GCM (ranking 130)")
                && server.logSince(jceMark).contains("io.strom.srtp.bc: SRTP suites of provider bc: [SRTP_AEAD_AES_128_GCM (ranking 30)"));
        double jceBefore = protectedBy("jce", "SRTP_AEAD_AES_128_GCM");
        assertEquals("SRTP_AEAD_AES_128_GCM", oneReader().srtpProfile());
        assertTrue(protectedBy("jce", "SRTP_AEAD_AES_128_GCM") > jceBefore + 100, "the JCE protected the new session's media");

        assertPlayedThrough(playing);
    }

    @Test
    void withoutSrtpBundlesOffersGet503WithTheReasonAndARunningReaderGoesOn() throws Exception {
        CompletableFuture<WhepRun> playing = playing();
        ConsoleBundles console = new ConsoleBundles(server);
        console.stop("io.strom.srtp");
        console.stop("io.strom.srtp.bc");

        WhepRun refused = WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(2), GCM_OR_CM);
        assertEquals(0, refused.connected());
        assertEquals(503, refused.peers().get(0).postStatus(), refused.errors().toString());
        assertTrue(refused.errors().toString().contains("no SRTP cipher suite is available (start bundle io.strom.srtp"),
                refused.errors().toString());

        console.start("io.strom.srtp");
        console.start("io.strom.srtp.bc");
        WhepPeer again = oneReader();
        assertEquals(201, again.postStatus());
        assertPlayedThrough(playing);
    }

    /** A reader for the whole run, once it has its first frames. */
    private static CompletableFuture<WhepRun> playing() {
        double before = Prometheus.scrape(server).sum("webrtc_sessions", "path", PATH, "state", "read");
        CompletableFuture<WhepRun> run = CompletableFuture.supplyAsync(
                () -> WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(SECONDS), GCM_OR_CM));
        Await.until("the long reader plays", Duration.ofSeconds(20),
                () -> Prometheus.scrape(server).sum("webrtc_sessions", "path", PATH, "state", "read") > before);
        return run;
    }

    /** A short reader that must connect and get frames. */
    private static WhepPeer oneReader() {
        WhepRun run = WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(4), GCM_OR_CM);
        assertEquals(1, run.connected(), run.errors() + " " + run.log());
        assertTrue(run.minVideoFrames() > FPS, "frames: " + run.videoFrames());
        return run.peers().get(0);
    }

    private static void assertPlayedThrough(CompletableFuture<WhepRun> playing) throws Exception {
        WhepRun run = playing.get(SECONDS + 60, TimeUnit.SECONDS);
        assertEquals(1, run.connected(), "the running reader went on: " + run.errors() + " " + run.log());
        WhepPeer peer = run.peers().get(0);
        double expected = FPS * (SECONDS - peer.connectMs() / 1000.0);
        assertTrue(peer.videoFrames() >= 0.95 * expected, "frames: " + peer.videoFrames() + " of " + expected);
    }

    private static double protectedBy(String provider, String suite) {
        return Prometheus.scrape(server).sum("strom_srtp_packets_total", "provider", provider, "suite", suite,
                "kind", "rtp", "direction", "protect");
    }
}
