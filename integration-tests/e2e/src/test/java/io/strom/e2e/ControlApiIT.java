package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control API of the running server, with the JDK HttpClient: every route, wrong methods,
 * bad JSON, unknown names, pagination bounds; changes that take effect (a path added is
 * publishable, rtspAddress moves, a bad value is refused and the old one keeps serving, API
 * credentials required and never shown); live RTSP, RTMP and WHEP sessions listed and kicked.
 */
class ControlApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static StromServer server;

    @BeforeAll
    static void start() throws Exception {
        TestCertificate tls = TestCertificate.create();
        server = StromServer.start("""
                rtspEncryption: optional
                rtspServerCert: %1$s
                rtspServerKey: %2$s
                rtmpEncryption: optional
                rtmpServerCert: %1$s
                rtmpServerKey: %2$s
                paths:
                  cam: {}
                  whep: {}
                  live/rtmp: {}
                """.formatted(tls.cert(), tls.key()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> call(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return server.send(b);
    }

    private static JsonNode ok(String method, String path, String body) {
        HttpResponse<String> r = call(method, path, body);
        assertEquals(200, r.statusCode(), method + " " + path + " -> " + r.body());
        return json(r.body());
    }

    /** Expects {@code status} and an error body that mentions {@code inError}. */
    private static void refused(int status, String method, String path, String body, String inError) {
        HttpResponse<String> r = call(method, path, body);
        assertEquals(status, r.statusCode(), method + " " + path + " -> " + r.body());
        JsonNode error = json(r.body());
        assertEquals("error", error.get("status").asText(), r.body());
        assertTrue(error.get("error").asText().contains(inError), method + " " + path + " -> " + r.body());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Test
    void everyRouteAnswersWithItsMethodAndRefusesTheOthers() {
        JsonNode global = ok("GET", "/v3/config/global/get", null);
        assertEquals("127.0.0.1:" + server.apiPort(), global.get("apiAddress").asText());
        assertEquals("optional", global.get("rtspEncryption").asText());
        assertEquals(512, global.get("writeQueueSize").asInt(), "a key the file does not set shows its default");
        assertTrue(ok("GET", "/v3/config/pathdefaults/get", null).has("maxReaders"));
        JsonNode confs = ok("GET", "/v3/config/paths/list", null);
        assertEquals(3, confs.get("itemCount").asInt());
        assertEquals("cam", confs.get("items").get(0).get("name").asText());
        assertEquals("live/rtmp", ok("GET", "/v3/config/paths/get/live/rtmp", null).get("name").asText());
        assertEquals(0, ok("GET", "/v3/paths/list", null).get("itemCount").asInt());
        for (String list : List.of("rtspconns", "rtspsessions", "rtspsconns", "rtspssessions", "rtmpconns", "rtmpsconns",
                "webrtcsessions")) {
            JsonNode empty = ok("GET", "/v3/" + list + "/list", null);
            assertEquals(0, empty.get("itemCount").asInt(), list);
            assertEquals(0, empty.get("pageCount").asInt(), list);
            assertTrue(empty.get("items").isArray(), list);
        }

        refused(404, "GET", "/v3/nothing/here", null, "not found");
        refused(404, "GET", "/v3/hlsmuxers/list", null, "not found"); // no HLS bundle in this runtime yet
        refused(404, "GET", "/v3/rtmpsessions/list", null, "not found");
        refused(404, "GET", "/v3/config/paths/get/nope", null, "path configuration not found");
        refused(404, "GET", "/v3/paths/get/nope", null, "path not found");
        for (String c : List.of("rtspconns", "rtspsessions", "rtspsconns", "rtspssessions", "rtmpconns", "rtmpsconns",
                "webrtcsessions")) {
            refused(404, "GET", "/v3/" + c + "/get/0123456789abcdef", null, "not found");
        }
        for (String c : List.of("rtspsessions", "rtspssessions", "rtmpconns", "rtmpsconns", "webrtcsessions")) {
            refused(404, "POST", "/v3/" + c + "/kick/0123456789abcdef", null, "session not found");
        }
        refused(404, "POST", "/v3/rtspconns/kick/0123456789abcdef", null, "not found");
        refused(404, "PATCH", "/v3/config/paths/patch/nope", "{}", "not found");
        refused(404, "POST", "/v3/config/paths/replace/nope", "{}", "not found");
        refused(404, "DELETE", "/v3/config/paths/delete/nope", null, "not found");

        String[][] wrong = {{"POST", "/v3/paths/list", "GET"}, {"DELETE", "/v3/paths/get/cam", "GET"},
            {"GET", "/v3/config/global/patch", "PATCH"}, {"POST", "/v3/config/global/get", "GET"},
            {"PUT", "/v3/config/pathdefaults/patch", "PATCH"}, {"GET", "/v3/config/paths/add/x", "POST"},
            {"PATCH", "/v3/config/paths/replace/x", "POST"}, {"POST", "/v3/config/paths/delete/x", "DELETE"},
            {"GET", "/v3/rtspsessions/kick/x", "POST"}, {"POST", "/v3/rtmpconns/list", "GET"},
            {"DELETE", "/v3/webrtcsessions/kick/x", "POST"}};
        for (String[] w : wrong) {
            HttpResponse<String> r = call(w[0], w[1], w[0].equals("GET") || w[0].equals("DELETE") ? null : "{}");
            assertEquals(405, r.statusCode(), w[0] + " " + w[1] + " -> " + r.body());
            assertEquals(w[2], r.headers().firstValue("allow").orElse(""), w[1]);
        }

        refused(400, "PATCH", "/v3/config/global/patch", "{\"writeQueueSize\": ", "invalid JSON");
        refused(400, "PATCH", "/v3/config/global/patch", "[\"writeQueueSize\"]", "JSON object");
        refused(400, "PATCH", "/v3/config/global/patch", "", "empty");
        refused(400, "POST", "/v3/config/paths/add/x", "not json", "invalid JSON");
        refused(400, "PATCH", "/v3/config/pathdefaults/patch", "{\"maxReaders\": \"lots\"}", "maxReaders");
        refused(400, "POST", "/v3/config/paths/add/bad%20name", "{}", "invalid path name");
        refused(400, "POST", "/v3/config/paths/add/cam", "{}", "already exists");
        refused(400, "GET", "/v3/config/paths/get/", null, "invalid name");
        assertTrue(server.isAlive());
    }

    @Test
    void listsArePagedAndBadPageParametersRefused() {
        JsonNode page = ok("GET", "/v3/config/paths/list?itemsPerPage=2&page=1", null);
        assertEquals(3, page.get("itemCount").asInt());
        assertEquals(2, page.get("pageCount").asInt());
        assertEquals(1, page.get("items").size());
        assertEquals("whep", page.get("items").get(0).get("name").asText());
        assertEquals(0, ok("GET", "/v3/config/paths/list?itemsPerPage=2&page=2147483647", null).get("items").size());
        assertEquals(3, ok("GET", "/v3/config/paths/list?itemsPerPage=2147483647", null).get("items").size());
        for (String q : List.of("itemsPerPage=0", "itemsPerPage=-1", "itemsPerPage=x", "itemsPerPage=2147483648",
                "page=-1", "page=1e3")) {
            String param = q.substring(0, q.indexOf('='));
            refused(400, "GET", "/v3/config/paths/list?" + q, null, param);
            refused(400, "GET", "/v3/paths/list?" + q, null, param);
            refused(400, "GET", "/v3/rtspsessions/list?" + q, null, param);
        }
    }

    @Test
    void aPathAddedThroughTheApiIsPublishableAndTheWebConsoleSeesIt() throws Exception {
        Process refusedPublisher = server.startProcess(Ffmpeg.publishRtsp(server.rtspUrl("added"), "libopus"),
                server.workDir().resolve("publish-added-before.log"));
        assertTrue(refusedPublisher.waitFor(20, TimeUnit.SECONDS), "ffmpeg gives up on a path not configured");
        assertNotEquals(0, refusedPublisher.exitValue());

        ok("POST", "/v3/config/paths/add/added", "{\"maxReaders\": 2}");
        assertEquals(2, ok("GET", "/v3/config/paths/get/added", null).get("maxReaders").asInt());
        HttpResponse<String> console = server.console("/system/console/configMgr/*.json", "admin", "admin");
        assertTrue(console.body().contains("added"), "the Web Console lists the new path configuration");
        Process publisher = publish(Ffmpeg.publishRtsp(server.rtspUrl("added"), "libopus"), "added");
        JsonNode path = ok("GET", "/v3/paths/get/added", null);
        assertEquals("added", path.get("confName").asText());
        assertTrue(path.get("online").asBoolean());

        ok("PATCH", "/v3/config/paths/patch/added", "{\"overridePublisher\": false}");
        assertFalse(ok("GET", "/v3/config/paths/get/added", null).get("overridePublisher").asBoolean());
        ok("DELETE", "/v3/config/paths/delete/added", null);
        refused(404, "GET", "/v3/config/paths/get/added", null, "not found");
        publisher.destroy();
        publisher.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void rtspAddressMovesAndAnInvalidPatchIsRefusedWhileTheOldValueServes() throws Exception {
        int moved = StromServer.freePort();
        ok("PATCH", "/v3/config/global/patch", "{\"rtspAddress\": \"127.0.0.1:" + moved + "\"}");
        Await.until("RTSP listens on the new port", Duration.ofSeconds(15), () -> listening(moved));
        Await.until("the old port is free", Duration.ofSeconds(15), () -> !listening(server.rtspPort()));
        assertEquals("127.0.0.1:" + moved, ok("GET", "/v3/config/global/get", null).get("rtspAddress").asText());

        HttpResponse<String> bad = call("PATCH", "/v3/config/global/patch",
                "{\"rtspAddress\": \"nonsense\", \"writeQueueSize\": 1000, \"rtmpAddress\": \":1\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        String error = json(bad.body()).get("error").asText();
        assertTrue(error.contains("'rtspAddress'") && error.contains("'writeQueueSize'") && !error.contains("rtmpAddress"), error);
        refused(400, "PATCH", "/v3/config/global/patch", "{\"rtspAdress\": \":8554\"}", "unknown key 'rtspAdress'");
        JsonNode global = ok("GET", "/v3/config/global/get", null);
        assertEquals("127.0.0.1:" + moved, global.get("rtspAddress").asText());
        assertEquals(512, global.get("writeQueueSize").asInt());
        assertTrue(listening(moved), "the old value keeps serving");

        ok("PATCH", "/v3/config/global/patch", "{\"rtspAddress\": \"127.0.0.1:" + server.rtspPort() + "\"}");
        Await.until("RTSP is back on its port", Duration.ofSeconds(15), () -> listening(server.rtspPort()));
    }

    @Test
    void apiCredentialsAreRequiredOnceConfiguredAndNeverShown() {
        String admin = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        ok("PATCH", "/v3/config/global/patch", """
                {"authInternalUsers": [
                  {"user": "any", "permissions": [{"action": "publish"}, {"action": "read"}, {"action": "playback"}]},
                  {"user": "admin", "pass": "s3cret-pw", "ips": ["127.0.0.1"], "permissions": [{"action": "api"}]}]}
                """);
        try {
            Await.until("the API wants credentials", Duration.ofSeconds(10),
                    () -> call("GET", "/v3/paths/list", null).statusCode() == 401);
            HttpResponse<String> none = call("GET", "/v3/paths/list", null);
            assertTrue(none.headers().firstValue("www-authenticate").orElse("").startsWith("Basic"));
            assertEquals(401, call("GET", "/v3/paths/list", null, "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8))).statusCode());
            HttpResponse<String> global = call("GET", "/v3/config/global/get", null, "Authorization", admin);
            assertEquals(200, global.statusCode());
            assertFalse(global.body().contains("s3cret-pw"), global.body());
            assertEquals("<redacted>", json(global.body()).get("authInternalUsers").get(1).get("pass").asText());
        } finally {
            HttpResponse<String> restored = call("PATCH", "/v3/config/global/patch", """
                    {"authInternalUsers": [
                      {"user": "any", "permissions": [{"action": "publish"}, {"action": "read"}, {"action": "playback"}]},
                      {"user": "any", "ips": ["127.0.0.1", "::1"], "permissions": [{"action": "api"}, {"action": "metrics"}, {"action": "pprof"}]}]}
                    """, "Authorization", admin);
            assertEquals(200, restored.statusCode(), restored.body());
        }
        Await.until("the API is open to loopback again", Duration.ofSeconds(10),
                () -> call("GET", "/v3/paths/list", null).statusCode() == 200);
        assertFalse(server.log().contains("s3cret-pw"), "the password is never logged");
    }

    @Test
    void liveRtspSessionIsListedWithItsConnectionAndKicked() throws Exception {
        Process ffmpeg = publish(Ffmpeg.publishRtsp(server.rtspUrl("cam") + "?token=abc", "libopus"), "cam");
        JsonNode session = only("rtspsessions", "cam");
        assertEquals("publish", session.get("state").asText());
        assertEquals("TCP", session.get("transport").asText());
        assertEquals("token=abc", session.get("query").asText());
        assertTrue(session.get("remoteAddr").asText().startsWith("127.0.0.1:"), session.toString());
        String id = session.get("id").asText();
        Await.until("bytes arrive", Duration.ofSeconds(10),
                () -> ok("GET", "/v3/rtspsessions/get/" + id, null).get("bytesReceived").asLong() > 10_000);
        assertEquals(1, session.get("conns").size());
        JsonNode conn = ok("GET", "/v3/rtspconns/get/" + session.get("conns").get(0).asText(), null);
        assertEquals(id, conn.get("session").asText());
        assertTrue(conn.get("bytesReceived").asLong() > 0);
        assertEquals(0, ok("GET", "/v3/rtspssessions/list", null).get("itemCount").asInt(), "not an RTSPS session");
        JsonNode path = ok("GET", "/v3/paths/get/cam", null);
        assertEquals("rtspSession", path.get("source").get("type").asText());
        assertEquals(id, path.get("source").get("id").asText());

        refused(404, "POST", "/v3/rtspssessions/kick/" + id, null, "session not found");
        assertEquals("ok", ok("POST", "/v3/rtspsessions/kick/" + id, null).get("status").asText());
        assertTrue(ffmpeg.waitFor(15, TimeUnit.SECONDS), "the kicked ffmpeg is disconnected and exits");
        refused(404, "GET", "/v3/rtspsessions/get/" + id, null, "session not found");
        Await.until("cam is gone", Duration.ofSeconds(10), () -> server.readyPath("cam") == null);
    }

    @Test
    void liveRtmpConnectionIsListedWithoutCredentialsAndKicked() throws Exception {
        Process ffmpeg = publish(Ffmpeg.publishRtmp(server.rtmpUrl("live/rtmp") + "?user=u&pass=p4ss&token=t", "aac"), "live/rtmp");
        JsonNode conn = only("rtmpconns", "live/rtmp");
        assertEquals("publish", conn.get("state").asText());
        assertEquals("token=t", conn.get("query").asText(), "user and pass are not shown");
        String id = conn.get("id").asText();
        assertFalse(call("GET", "/v3/rtmpconns/list", null).body().contains("p4ss"));
        assertEquals("rtmpConn", ok("GET", "/v3/paths/get/live/rtmp", null).get("source").get("type").asText());
        assertEquals(0, ok("GET", "/v3/rtmpsconns/list", null).get("itemCount").asInt());

        ok("POST", "/v3/rtmpconns/kick/" + id, null);
        assertTrue(ffmpeg.waitFor(15, TimeUnit.SECONDS), "the kicked ffmpeg is disconnected and exits");
        refused(404, "GET", "/v3/rtmpconns/get/" + id, null, "session not found");
    }

    @Test
    void liveWhepSessionIsListedAndKicked() throws Exception {
        publish(Ffmpeg.publishRtsp(server.rtspUrl("whep"), "libopus"), "whep");
        CompletableFuture<WebRtcClients.WhepRun> reader = CompletableFuture.supplyAsync(
                () -> WebRtcClients.aiortcReaders(server.whepUrl("whep"), 1, Duration.ofSeconds(20), false));
        Await.until("the WHEP session reads", Duration.ofSeconds(30), () -> {
            JsonNode items = ok("GET", "/v3/webrtcsessions/list", null).get("items");
            return items.size() == 1 && items.get(0).get("state").asText().equals("read")
                    && items.get(0).get("bytesSent").asLong() > 10_000;
        });
        JsonNode session = only("webrtcsessions", "whep");
        String id = session.get("id").asText();
        assertTrue(session.get("remoteAddr").asText().startsWith("127.0.0.1:"), session.toString());
        List<String> readerTypes = new ArrayList<>();
        ok("GET", "/v3/paths/get/whep", null).get("readers").forEach(r -> readerTypes.add(r.get("type").asText()));
        assertEquals(List.of("webRTCSession"), readerTypes);

        ok("POST", "/v3/webrtcsessions/kick/" + id, null);
        refused(404, "GET", "/v3/webrtcsessions/get/" + id, null, "session not found");
        WebRtcClients.WhepRun run = reader.get(90, TimeUnit.SECONDS);
        assertEquals(1, run.peers().size(), run.log());
        assertFalse(run.peers().get(0).connectedAtEnd(), "the kicked reader is disconnected: " + run.peers().get(0));
        assertEquals(0, ok("GET", "/v3/webrtcsessions/list", null).get("itemCount").asInt());
    }

    /** Starts a publisher of {@code path} and waits until the path is ready. */
    private static Process publish(List<String> command, String path) {
        Process p = server.startProcess(command, server.workDir().resolve("publish-" + path.replace('/', '_') + ".log"));
        Await.until(path + " is ready", Duration.ofSeconds(20), () -> server.readyPath(path) != null);
        return p;
    }

    /** The one item of {@code collection} on {@code path}. */
    private static JsonNode only(String collection, String path) {
        List<JsonNode> found = new ArrayList<>();
        ok("GET", "/v3/" + collection + "/list", null).get("items").forEach(i -> {
            if (i.get("path").asText().equals(path)) {
                found.add(i);
            }
        });
        assertEquals(1, found.size(), collection + ": " + found);
        return found.get(0);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
