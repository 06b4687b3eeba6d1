package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.AiortcOptions;
import io.strom.e2e.WebRtcClients.ChromiumRun;
import io.strom.e2e.WebRtcClients.WhepRun;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WHEP server that loses 5 % of its first media transmissions on purpose (loopback loses
 * nothing) and allows only the GCM SRTP profiles: Chromium's NACKs are answered from the
 * retransmission buffer, and a client without GCM is refused with the reason in the log.
 */
class WhepLossIT {

    private static final String PATH = "cam";
    private static StromServer server;

    @BeforeAll
    static void start() throws Exception {
        server = StromServer.start("webrtcSimulatedLoss: 5\n");
        // Strom's own SRTP settings have no strom.yml key: FileInstall configurations, as an operator would drop them.
        Files.writeString(server.dataDir().resolve("deploy/io.strom.srtp.cfg"), "gcmOnly=true\n");
        Files.writeString(server.dataDir().resolve("deploy/io.strom.srtp.bc.cfg"), "gcmOnly=true\n");
        Await.until("GCM-only suites", Duration.ofSeconds(20), () -> server.log().contains(
                "io.strom.srtp: SRTP suites of provider jce: [SRTP_AEAD_AES_128_GCM (ranking 130), SRTP_AEAD_AES_256_GCM (ranking 120)]")
                && server.log().contains("io.strom.srtp.bc: SRTP suites of provider bc: [SRTP_AEAD_AES_128_GCM (ranking 30), "
                        + "SRTP_AEAD_AES_256_GCM (ranking 20)]"));
        WhepIT.publishCamera(server, PATH);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void chromiumRecoversLossWithNacksOverGcm() {
        ChromiumRun run = WebRtcClients.chromium(server.webrtcPage(PATH), Duration.ofSeconds(20), true);
        assertEquals("connected", run.connectionState(), run.errors() + " " + run.log());
        assertTrue(run.transport().srtpCipher().contains("GCM"), run.transport().toString());
        assertEquals(1280, run.video().width());
        var video = run.inboundVideo();
        assertTrue(video.nackCount() > 20, "Chromium asked for lost packets: " + video);
        double playing = 20 - run.firstFrameMs() / 1000.0;
        assertTrue(video.framesDecoded() >= 0.9 * 30 * playing, "frames decoded in the " + playing
                + " s since the first frame: " + video);
        assertTrue(video.framesDropped() <= 0.02 * video.framesReceived(), "frames dropped: " + video);
        // Lost packets that came back in time are not counted lost; 5 % of ~7,000 would be ~350.
        assertTrue(video.packetsLost() < 0.01 * video.packetsReceived(), "unrecovered loss: " + video);
    }

    @Test
    void aClientWithoutGcmIsRefusedWithAClearReason() {
        WhepRun run = WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(6),
                AiortcOptions.DEFAULT.offering("SRTP_AES128_CM_SHA1_80"));
        assertEquals(0, run.connected(), "a CM-only client must not get media: " + run.peers());
        Await.until("the refusal is logged", Duration.ofSeconds(10), () -> server.log().contains(
                "DTLS failed: no SRTP profile in common"));
    }
}
