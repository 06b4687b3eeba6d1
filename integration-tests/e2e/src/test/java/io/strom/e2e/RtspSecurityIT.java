package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RTSPS with a self-signed certificate, Basic and Digest authentication, and the read timeout. */
class RtspSecurityIT {

    private static StromServer server;

    @BeforeAll
    static void start() throws Exception {
        TestCertificate tls = TestCertificate.create();
        server = StromServer.start("""
                rtspEncryption: optional
                rtspServerCert: %s
                rtspServerKey: %s
                rtspAuthMethods: [basic, digest]
                readTimeout: 2s
                authInternalUsers:
                  - user: any
                    permissions: [{action: read, path: open}, {action: publish, path: open}]
                  - user: alice
                    pass: secret
                    ips: [127.0.0.1]
                    permissions: [{action: publish}, {action: read}]
                  - user: any
                    ips: [127.0.0.1]
                    permissions: [{action: api}]
                """.formatted(tls.cert(), tls.key()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Process publish(String url, String transport, String path) {
        Process p = server.startProcess(Ffmpeg.publishRtsp(url, "libopus", transport),
                server.workDir().resolve("publish-" + path + ".log"));
        Await.until(path + " is ready", Duration.ofSeconds(20), () -> server.readyPath(path) != null);
        return p;
    }

    /** ffprobe's answer (codec,width,height per stream), or its error output. */
    private static String ffprobe(String url) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "ffprobe finished");
        return out;
    }

    @Test
    void digestWithTheRightPasswordPublishesAndReadsAndTheWrongOneGets401() throws Exception {
        Process publisher = publish("rtsp://alice:secret@127.0.0.1:" + server.rtspPort() + "/secure", "tcp", "secure");
        assertEquals("h264,320,240\nopus", ffprobe("rtsp://alice:secret@127.0.0.1:" + server.rtspPort() + "/secure"));
        String wrong = ffprobe("rtsp://alice:Wr0ngPa55@127.0.0.1:" + server.rtspPort() + "/secure");
        assertTrue(wrong.contains("401"), wrong);
        String none = ffprobe(server.rtspUrl("secure"));
        assertTrue(none.contains("401"), none);
        assertTrue(server.log().contains("authentication failed"), "failed logins are logged");
        assertTrue(!server.log().contains("Wr0ngPa55") && !server.log().contains("secret"), "passwords never reach the log");
        publisher.destroy();
    }

    @Test
    void aRawClientGetsBothChallengesAndBasicWorks() throws Exception {
        Process publisher = publish("rtsp://alice:secret@127.0.0.1:" + server.rtspPort() + "/basic", "tcp", "basic");
        int port = server.rtspPort();
        try (RtspClient c = new RtspClient(port)) {
            assertEquals(401, c.send(RtspClient.req(port, "DESCRIBE", "basic", 1)));
            assertTrue(c.last.contains("WWW-Authenticate: Digest realm=\"strom\", nonce=\""), c.last);
            assertTrue(c.last.contains("WWW-Authenticate: Basic realm=\"strom\""), c.last);
            String basic = "Authorization: Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes());
            assertEquals(200, c.send(RtspClient.req(port, "DESCRIBE", "basic", 2, basic)));
            String bad = "Authorization: Basic " + Base64.getEncoder().encodeToString("alice:nope".getBytes());
            assertEquals(401, c.send(RtspClient.req(port, "DESCRIBE", "basic", 3, bad)));
            assertEquals(401, c.send(RtspClient.req(port, "ANNOUNCE", "basic", 4)), "publishing needs credentials too");
        }
        publisher.destroy();
    }

    @Test
    void anonymousClientsGetWhatTheAnyUserAllows() throws Exception {
        Process publisher = publish(server.rtspUrl("open"), "tcp", "open");
        assertEquals("h264,320,240\nopus", ffprobe(server.rtspUrl("open")));
        publisher.destroy();
    }

    @Test
    void rtspsWithASelfSignedCertificateCarriesPublishAndRead() throws Exception {
        Process publisher = publish(server.rtspsUrl("alice:secret@", "tls"), "tcp", "tls");
        assertEquals("h264,320,240\nopus", ffprobe(server.rtspsUrl("alice:secret@", "tls")));
        Path progress = server.workDir().resolve("tls-reader.progress");
        List<String> read = new ArrayList<>(Ffmpeg.readRtsp(server.rtspsUrl("alice:secret@", "tls"), 4, progress));
        Process reader = server.startProcess(read, server.workDir().resolve("tls-reader.log"));
        assertTrue(reader.waitFor(20, TimeUnit.SECONDS), "the RTSPS reader finished");
        assertTrue(Ffmpeg.frames(progress) >= 0.95 * 4 * 30, "frames over RTSPS: " + Ffmpeg.frames(progress));
        publisher.destroy();
    }

    @Test
    void aUdpPublisherThatGoesSilentIsClosedAfterTheReadTimeout() throws Exception {
        Process publisher = publish("rtsp://alice:secret@127.0.0.1:" + server.rtspPort() + "/quiet", "udp", "quiet");
        new ProcessBuilder("kill", "-STOP", Long.toString(publisher.pid())).start().waitFor();
        try {
            long t0 = System.nanoTime();
            Await.until("the silent publisher is closed", Duration.ofSeconds(10), () -> server.readyPath("quiet") == null);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            assertTrue(seconds >= 1, "not before the timeout: " + seconds + " s");
            assertTrue(server.log().contains("sent no data for 2000 ms"), server.logTail());
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(publisher.pid())).start().waitFor();
            publisher.destroy();
        }
    }
}
