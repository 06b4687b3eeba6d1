package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.WhepRun;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} parsed by the Prometheus client library's parser and checked against what
 * real clients do: an ffmpeg publisher and reader over RTSP, an aiortc WHEP reader.
 */
class MetricsIT {

    private static final String PATH = "metrics/cam";
    private static StromServer server;

    @BeforeAll
    static void start() throws Exception {
        TestCertificate tls = TestCertificate.create();
        server = StromServer.start("metrics: yes\nrtspEncryption: optional\nrtspServerCert: %s\nrtspServerKey: %s\n"
                .formatted(tls.cert(), tls.key()));
        server.startProcess(Ffmpeg.publishRtsp(server.rtspUrl(PATH), "libopus"), server.workDir().resolve("publish.log"));
        Await.until(PATH + " is ready", Duration.ofSeconds(20), () -> server.readyPath(PATH) != null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pathAndRtspCountersMoveWhileFfmpegPublishesAndReads() throws Exception {
        Path progress = server.workDir().resolve("reader.progress");
        Process reader = server.startProcess(Ffmpeg.readRtsp(server.rtspUrl(PATH), 10, progress),
                server.workDir().resolve("reader.log"));
        Await.until("the reader is attached", Duration.ofSeconds(20),
                () -> Prometheus.scrape(server).sum("paths_readers", "name", PATH) >= 1);

        Prometheus first = Prometheus.scrape(server);
        Thread.sleep(2000);
        Prometheus second = Prometheus.scrape(server);

        assertEquals("gauge", second.family("paths").orElseThrow().type());
        assertEquals(1, second.samples("paths", "name", PATH, "state", "ready").size());
        assertEquals(1.0, second.sum("paths", "name", PATH));
        assertEquals("counter", second.family("paths_bytes_received").orElseThrow().type());
        assertTrue(second.sum("paths_bytes_received", "name", PATH) > first.sum("paths_bytes_received", "name", PATH),
                "the publisher's bytes move between scrapes");
        assertTrue(second.sum("paths_bytes_sent", "name", PATH) > first.sum("paths_bytes_sent", "name", PATH),
                "the reader's bytes move between scrapes");

        assertEquals(1, second.samples("rtsp_sessions", "path", PATH, "state", "publish").size());
        assertEquals(1, second.samples("rtsp_sessions", "path", PATH, "state", "read").size());
        assertTrue(second.sum("rtsp_sessions_bytes_received", "state", "publish", "path", PATH)
                > first.sum("rtsp_sessions_bytes_received", "state", "publish", "path", PATH));
        assertTrue(second.sum("rtsp_sessions_bytes_sent", "state", "read", "path", PATH)
                > first.sum("rtsp_sessions_bytes_sent", "state", "read", "path", PATH));
        assertTrue(second.samples("rtsp_conns").size() >= 2, "the publisher's and the reader's connections");
        assertEquals("127.0.0.1", second.samples("rtsp_sessions", "state", "read").get(0).labels()
                .get("remoteAddr").split(":")[0]);

        assertTrue(second.family("strom_paths_reader_units_dropped_total").isPresent());
        assertTrue(second.sum("strom_netty_allocator_used_bytes") > 0, "pooled buffers hold the stream's packets");
        assertTrue(reader.waitFor(30, TimeUnit.SECONDS), "the reader ends after 10 s");
        Await.until("the reader's session is gone from the metrics", Duration.ofSeconds(10),
                () -> Prometheus.scrape(server).samples("rtsp_sessions", "path", PATH, "state", "read").isEmpty());
    }

    @Test
    void anRtspsReaderIsCountedUnderRtsps() throws Exception {
        Path progress = server.workDir().resolve("tls-reader.progress");
        Process reader = server.startProcess(Ffmpeg.readRtsp(server.rtspsUrl("", PATH), 6, progress),
                server.workDir().resolve("tls-reader.log"));
        Await.until("an RTSPS session reads " + PATH, Duration.ofSeconds(20),
                () -> Prometheus.scrape(server).sum("rtsps_sessions_bytes_sent", "path", PATH, "state", "read") > 0);
        Prometheus now = Prometheus.scrape(server);
        assertEquals(1, now.samples("rtsps_sessions", "path", PATH, "state", "read").size());
        assertTrue(now.samples("rtsps_conns").size() >= 1);
        assertTrue(now.samples("rtsp_sessions", "path", PATH, "state", "read").stream()
                .noneMatch(s -> s.labels().get("id").equals(now.samples("rtsps_sessions", "path", PATH).get(0)
                        .labels().get("id"))), "the TLS session is not counted as plain RTSP too");
        assertTrue(reader.waitFor(30, TimeUnit.SECONDS), "the reader ends after 6 s");
    }

    @Test
    void aWhepReaderMovesWebRtcAndSrtpCounters() throws Exception {
        Prometheus before = Prometheus.scrape(server);
        CompletableFuture<WhepRun> run = CompletableFuture.supplyAsync(
                () -> WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(8), false));
        Await.until("a WebRTC session reads " + PATH, Duration.ofSeconds(30), () -> {
            Prometheus now = Prometheus.scrape(server);
            return now.sum("webrtc_sessions_bytes_sent", "path", PATH, "state", "read") > 0
                    && now.sum("webrtc_sessions", "path", PATH, "state", "read") == 1;
        });
        WhepRun done = run.get(60, TimeUnit.SECONDS);
        assertEquals(1, done.connected(), done.errors() + " " + done.log());
        Prometheus after = Prometheus.scrape(server);

        assertTrue(after.sum("strom_srtp_packets_total", "kind", "rtp", "direction", "protect")
                > before.sum("strom_srtp_packets_total", "kind", "rtp", "direction", "protect") + 100,
                "media went out through SRTP (" + done.peers().get(0).srtpProfile() + ")");
        assertTrue(after.sum("strom_srtp_packets_total", "kind", "rtcp", "direction", "unprotect")
                > before.sum("strom_srtp_packets_total", "kind", "rtcp", "direction", "unprotect"),
                "the reader's RTCP came in");
        assertTrue(after.sum("strom_webrtc_receiver_reports_total") > before.sum("strom_webrtc_receiver_reports_total"));
        assertEquals(0.0, after.sum("strom_srtp_auth_failures_total"));
        assertTrue(after.family("strom_nack_packets_retransmitted_total").isPresent());
        assertTrue(after.family("strom_ice_mdns_queries_total").isPresent());
        assertEquals("counter", after.family("strom_netif_enumerations_total").orElseThrow().type());
    }

    @Test
    void wrongRequestsGetTheirStatusAndTheEndpointGoesOn() {
        String base = "http://127.0.0.1:" + server.metricsPort();
        assertEquals(405, server.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode());
        assertEquals(404, server.send(HttpRequest.newBuilder(URI.create(base + "/nothing")).GET()).statusCode());
        assertFalse(Prometheus.scrape(server).families().isEmpty());
    }

    @Test
    void profilingIsOffByDefault() {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.pprofPort())) {
                s.getInputStream();
            }
        }, "nothing listens on pprofAddress without pprof: yes");
    }
}
