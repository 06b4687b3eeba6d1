package io.strom.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.strom.api.protocol.ProtocolConn;
import io.strom.api.protocol.ProtocolServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiRouterTest {

    private final Fakes.Paths paths = new Fakes.Paths();
    private final Fakes.Config config = new Fakes.Config();
    private final List<ProtocolServer> servers = new ArrayList<>();
    private Fakes.Config store = config;
    private final ApiRouter router = new ApiRouter(paths, () -> store, () -> servers);
    private final Fakes.Server rtsp = new Fakes.Server("rtsp", List.of("rtsp", "rtsps"), ProtocolServer.SESSIONS);
    private final Fakes.Server rtmp = new Fakes.Server("rtmp", List.of("rtmp"), ProtocolServer.CONNS);
    private final Fakes.Server hls = new Fakes.Server("hls", List.of("hls"), ProtocolServer.MUXERS);

    @BeforeEach
    void servers() {
        rtsp.sessions.add(Fakes.session("s2", "rtsp", "read", 2));
        rtsp.sessions.add(Fakes.session("s1", "rtsp", "publish", 1));
        rtsp.sessions.add(Fakes.session("t1", "rtsps", "read", 3));
        rtsp.conns = List.of(new ProtocolConn("c1", Instant.ofEpochSecond(1), new InetSocketAddress("::1", 6000), "rtsp", "s1", 7, 8),
                new ProtocolConn("c2", Instant.ofEpochSecond(4), new InetSocketAddress("127.0.0.1", 6001), "rtsp", "", 0, 0));
        rtmp.sessions.add(new io.strom.api.protocol.ProtocolSession("m1", Instant.ofEpochSecond(1), null, "idle", "", 0, 0));
        hls.sessions.add(Fakes.session("live/cam", "", "read", 1));
        servers.addAll(List.of(rtsp, rtmp, hls));
    }

    private ApiAnswer call(String method, String uri, String body) {
        QueryStringDecoder d = new QueryStringDecoder(uri);
        return router.route(method, d.path(), d.parameters(), body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode ok(String method, String uri, String body) {
        ApiAnswer a = call(method, uri, body);
        assertEquals(200, a.status(), method + " " + uri + ": " + a.body());
        return a.body();
    }

    private void status(int status, String method, String uri, String body, String inError) {
        ApiAnswer a = call(method, uri, body);
        assertEquals(status, a.status(), method + " " + uri + ": " + a.body());
        assertEquals("error", a.body().get("status").asText());
        assertTrue(a.body().get("error").asText().contains(inError), a.body().toString());
    }

    @Test
    void pathsAreListedInPagesAndFoundByName() {
        for (String name : List.of("a", "b", "live/cam")) {
            paths.paths.add(Fakes.path(name, true));
        }
        JsonNode all = ok("GET", "/v3/paths/list", "");
        assertEquals(3, all.get("itemCount").asInt());
        assertEquals(1, all.get("pageCount").asInt());
        JsonNode item = all.get("items").get(0);
        assertEquals("rtspSession", item.get("source").get("type").asText());
        assertEquals("2026-01-02T03:04:05Z", item.get("readyTime").asText());
        assertTrue(item.get("available").asBoolean() && item.get("online").asBoolean());
        assertEquals(1000, item.get("inboundBytes").asLong());
        assertEquals(2000, item.get("bytesSent").asLong());
        assertEquals("[\"H264\"]", item.get("tracks").toString());

        JsonNode page = ok("GET", "/v3/paths/list?itemsPerPage=2&page=1", "");
        assertEquals(2, page.get("pageCount").asInt());
        assertEquals(3, page.get("itemCount").asInt());
        assertEquals("live/cam", page.get("items").get(0).get("name").asText());
        assertEquals(0, ok("GET", "/v3/paths/list?itemsPerPage=2&page=99", "").get("items").size());
        assertEquals(0, ok("GET", "/v3/paths/list?itemsPerPage=2147483647&page=2147483647", "").get("items").size());
        assertEquals("live/cam", ok("GET", "/v3/paths/get/live/cam", "").get("name").asText());
        status(404, "GET", "/v3/paths/get/nope", "", "path not found");
        status(400, "GET", "/v3/paths/get/", "", "invalid name");
    }

    @Test
    void badPageParametersAre400NamingTheParameter() {
        for (String q : List.of("itemsPerPage=0", "itemsPerPage=-1", "itemsPerPage=abc", "itemsPerPage=2147483648",
                "page=-1", "page=1.5", "page=x")) {
            status(400, "GET", "/v3/paths/list?" + q, "", q.substring(0, q.indexOf('=')));
            status(400, "GET", "/v3/rtspsessions/list?" + q, "", q.substring(0, q.indexOf('=')));
        }
        assertEquals(0, ok("GET", "/v3/paths/list", "").get("pageCount").asInt());
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405WithAllow() {
        status(404, "GET", "/v3/nothing/here", "", "not found");
        status(404, "GET", "/v2/paths/list", "", "not found");
        status(404, "GET", "/v3/srtconns/list", "", "not found");
        status(404, "GET", "/v3/config/paths/nope/x", "", "not found");
        status(404, "GET", "/v3/rtspsessions/nope", "", "not found");
        ApiAnswer a = call("POST", "/v3/paths/list", "{}");
        assertEquals(405, a.status());
        assertEquals("GET", a.allow());
        assertEquals("PATCH", call("POST", "/v3/config/global/patch", "{}").allow());
        assertEquals("DELETE", call("GET", "/v3/config/paths/delete/x", "").allow());
        assertEquals("POST", call("GET", "/v3/rtspsessions/kick/s1", "").allow());
        assertNull(call("GET", "/v3/paths/list", "").allow());
    }

    @Test
    void protocolCollectionsComeFromTheServersAndTheirSessionProtocols() {
        JsonNode rtspSessions = ok("GET", "/v3/rtspsessions/list", "");
        assertEquals(2, rtspSessions.get("itemCount").asInt());
        JsonNode first = rtspSessions.get("items").get(0);
        assertEquals("s1", first.get("id").asText(), "sorted by creation");
        assertEquals("1970-01-01T00:00:01Z", first.get("created").asText());
        assertEquals("127.0.0.1:5000", first.get("remoteAddr").asText());
        assertEquals("publish", first.get("state").asText());
        assertEquals("a=1", first.get("query").asText());
        assertEquals("TCP", first.get("transport").asText());
        assertEquals("[\"c1\"]", first.get("conns").toString());
        assertEquals(10, first.get("inboundBytes").asLong());
        assertEquals(20, first.get("bytesSent").asLong());
        assertEquals("t1", ok("GET", "/v3/rtspssessions/list", "").get("items").get(0).get("id").asText());

        JsonNode conns = ok("GET", "/v3/rtspconns/list", "");
        assertEquals(2, conns.get("itemCount").asInt());
        assertEquals("[::1]:6000", conns.get("items").get(0).get("remoteAddr").asText());
        assertEquals("s1", conns.get("items").get(0).get("session").asText());
        assertTrue(ok("GET", "/v3/rtspconns/get/c2", "").get("session").isNull());
        assertEquals(0, ok("GET", "/v3/rtspsconns/list", "").get("itemCount").asInt());
        status(404, "GET", "/v3/rtspconns/get/s1", "", "connection not found");
        status(404, "POST", "/v3/rtspconns/kick/c1", "", "not found");

        assertEquals("s2", ok("GET", "/v3/rtspsessions/get/s2", "").get("id").asText());
        status(404, "GET", "/v3/rtspsessions/get/t1", "", "session not found");
        status(404, "POST", "/v3/rtspsessions/kick/t1", "", "session not found");
        assertEquals("ok", ok("POST", "/v3/rtspsessions/kick/s2", "").get("status").asText());
        assertEquals(List.of("s2"), rtsp.kicked);
        status(404, "GET", "/v3/rtspsessions/get/s2", "", "session not found");
        status(400, "GET", "/v3/rtspsessions/get/", "", "invalid name");

        JsonNode rtmpConns = ok("GET", "/v3/rtmpconns/list", "");
        assertEquals("", rtmpConns.get("items").get(0).get("remoteAddr").asText());
        assertTrue(rtmpConns.get("items").get(0).get("conns") == null, "RTMP has no separate connections");
        status(404, "GET", "/v3/rtmpsessions/list", "", "not found");
        ok("POST", "/v3/rtmpconns/kick/m1", "");
        status(404, "POST", "/v3/rtmpconns/kick/m1", "", "session not found");

        assertEquals("live/cam", ok("GET", "/v3/hlsmuxers/get/live/cam", "").get("id").asText());
        status(404, "GET", "/v3/hlsmuxers/get/other", "", "muxer not found");
        status(404, "POST", "/v3/hlsmuxers/kick/live/cam", "", "not found");

        servers.remove(rtsp);
        status(404, "GET", "/v3/rtspsessions/list", "", "not found");
    }

    @Test
    void configRoutesGoThroughTheStore() {
        assertEquals(512, ok("GET", "/v3/config/global/get", "").get("writeQueueSize").asInt());
        assertEquals("ok", ok("PATCH", "/v3/config/global/patch", "{\"writeQueueSize\": 1024}").get("status").asText());
        assertEquals("[patchGlobal {writeQueueSize=1024}]", config.calls.toString());
        status(400, "PATCH", "/v3/config/global/patch", "{\"bad\": 1}", "unknown key 'bad'");
        status(400, "PATCH", "/v3/config/global/patch", "{\"writeQueueSize\": ", "invalid JSON");
        status(400, "PATCH", "/v3/config/global/patch", "[1, 2]", "JSON object");
        status(400, "PATCH", "/v3/config/global/patch", "", "empty");
        status(400, "PATCH", "/v3/config/global/patch", "{\"a\": 1, \"a\": 2}", "Duplicate field 'a'");
        status(400, "PATCH", "/v3/config/global/patch", "{\"writeQueueSize\": 64} {}", "invalid JSON");
        assertEquals(0, ok("GET", "/v3/config/pathdefaults/get", "").get("maxReaders").asInt());
        ok("PATCH", "/v3/config/pathdefaults/patch", "{\"maxReaders\": 2}");

        ok("POST", "/v3/config/paths/add/live/cam", "{\"maxReaders\": 3}");
        status(400, "POST", "/v3/config/paths/add/live/cam", "{}", "already exists");
        assertEquals(3, ok("GET", "/v3/config/paths/get/live/cam", "").get("maxReaders").asInt());
        ok("PATCH", "/v3/config/paths/patch/live/cam", "{\"maxReaders\": 4}");
        ok("POST", "/v3/config/paths/add/other", "{}");
        JsonNode list = ok("GET", "/v3/config/paths/list?itemsPerPage=1", "");
        assertEquals(2, list.get("itemCount").asInt());
        assertEquals(2, list.get("pageCount").asInt());
        assertEquals(4, list.get("items").get(0).get("maxReaders").asInt());
        ok("POST", "/v3/config/paths/replace/live/cam", "{}");
        assertNull(ok("GET", "/v3/config/paths/get/live/cam", "").get("maxReaders"));
        ok("DELETE", "/v3/config/paths/delete/live/cam", "");
        status(404, "GET", "/v3/config/paths/get/live/cam", "", "path configuration not found");
        status(404, "PATCH", "/v3/config/paths/patch/live/cam", "{}", "path configuration not found");
        status(404, "POST", "/v3/config/paths/replace/live/cam", "{}", "path configuration not found");
        status(404, "DELETE", "/v3/config/paths/delete/live/cam", "", "path configuration not found");
        status(400, "DELETE", "/v3/config/paths/delete/", "", "invalid name");

        store = null;
        status(503, "GET", "/v3/config/global/get", "", "not available");
    }
}
