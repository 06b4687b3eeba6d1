package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The profiling endpoint with real tools: a JFR recording opened by the JDK's {@code jfr}, a
 * thread dump and a heap histogram; bad input; and HTTP Basic when {@code authInternalUsers}
 * keeps metrics and pprof to one user.
 */
class PprofIT {

    private static StromServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = StromServer.start("pprof: yes\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI pprof(StromServer s, String path) {
        return URI.create("http://127.0.0.1:" + s.pprofPort() + path);
    }

    @Test
    void aTwoSecondRecordingOpensWithJfrSummary() throws Exception {
        Path file = server.workDir().resolve("strom.jfr");
        long started = System.nanoTime();
        HttpResponse<Path> r = http.send(HttpRequest.newBuilder(pprof(server, "/debug/jfr?seconds=2"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofFile(file));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertTrue(tookMs >= 2000, "the recording lasted the asked 2 s, took " + tookMs + " ms");
        assertTrue(Files.size(file) > 1000, Files.size(file) + " bytes");

        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        assertTrue(Files.isExecutable(jfr), jfr + " is missing: a full JDK is needed (./strom test expects one)");
        Path out = server.workDir().resolve("jfr-summary.txt");
        Process p = new ProcessBuilder(jfr.toString(), "summary", file.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jfr summary finished");
        String summary = Files.readString(out);
        assertEquals(0, p.exitValue(), summary);
        assertTrue(summary.contains("jdk.ExecutionSample"), "the profile settings sample execution:\n" + summary);
        assertTrue(summary.contains("Duration: 2 s") || summary.contains("Duration: 3 s"), summary);
    }

    @Test
    void threadsAndHeapAnswerWithTheirDumps() throws Exception {
        HttpResponse<String> threads = get(pprof(server, "/debug/threads"), null);
        assertEquals(200, threads.statusCode());
        assertTrue(threads.body().contains("Full thread dump"), threads.body());
        assertTrue(threads.body().contains("\"strom-rtsp"), "Strom's own threads are in the dump");

        HttpResponse<String> heap = get(pprof(server, "/debug/heap"), null);
        assertEquals(200, heap.statusCode());
        assertTrue(heap.body().contains("#instances"), heap.body());
        assertTrue(heap.body().contains("java.lang.String"), "a JVM always holds strings");
    }

    @Test
    void badRequestsGetTheirStatusAndTheEndpointGoesOn() throws Exception {
        for (String bad : new String[] {"0", "301", "-1", "two", "1.5", ""}) {
            HttpResponse<String> r = get(pprof(server, "/debug/jfr?seconds=" + bad), null);
            assertEquals(400, r.statusCode(), "seconds=" + bad);
            assertTrue(r.body().startsWith("seconds: "), "the field is named: " + r.body());
        }
        assertEquals(404, get(pprof(server, "/debug/nothing"), null).statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(pprof(server, "/debug/threads"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, get(pprof(server, "/debug/threads"), null).statusCode());
    }

    @Test
    void authInternalUsersKeepMetricsAndPprofToOneUser() throws Exception {
        try (StromServer guarded = StromServer.start("metrics: yes\npprof: yes\nauthInternalUsers:\n"
                + "  - user: any\n    permissions: [{action: publish}, {action: read}]\n"
                + "  - user: ops\n    pass: s3cret\n    permissions: [{action: metrics}, {action: pprof}]\n"
                + "  - user: any\n    ips: [127.0.0.1]\n    permissions: [{action: api}]\n")) {
            URI metrics = URI.create("http://127.0.0.1:" + guarded.metricsPort() + "/metrics");
            URI threads = pprof(guarded, "/debug/threads");
            for (URI uri : new URI[] {metrics, threads}) {
                HttpResponse<String> anonymous = get(uri, null);
                assertEquals(401, anonymous.statusCode(), uri.toString());
                assertEquals("Basic realm=\"strom\"", anonymous.headers().firstValue("www-authenticate").orElse(""));
                assertEquals(401, get(uri, "ops:wrong").statusCode(), uri + " with a wrong password");
                assertEquals(200, get(uri, "ops:s3cret").statusCode(), uri + " as ops");
            }
            assertEquals(401, get(pprof(guarded, "/debug/jfr?seconds=1"), null).statusCode());
            Prometheus.parse(get(metrics, "ops:s3cret").body());
        }
    }

    private HttpResponse<String> get(URI uri, String userPass) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (userPass != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
