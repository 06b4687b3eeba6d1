package io.strom.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PublisherHandle;
import io.strom.core.internal.Fakes.TestPublisher;
import io.strom.core.internal.Fakes.TestReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private PathManagerImpl manager;
    private ApiServer server;
    private int port;

    static ApiServer.Config apiConfig(boolean on, String address) {
        return new ApiServer.Config() {
            @Override
            public boolean api() {
                return on;
            }

            @Override
            public String apiAddress() {
                return address;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ApiServer.Config.class;
            }
        };
    }

    @BeforeEach
    void start() throws Exception {
        manager = new PathManagerImpl(Fakes.coreConfig(8), Clock.systemUTC(), System::nanoTime);
        manager.put("all", Fakes.conf("all_others", true, 0));
        server = new ApiServer(apiConfig(true, "127.0.0.1:0"),
                new ApiHandler(manager, () -> Map.of("writeQueueSize", 8, "api", true)));
        port = server.localAddress().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        manager.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathsListHasMediaMtxShape() throws Exception {
        PublisherHandle pub = manager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p1"), Fakes.H264_OPUS));
        manager.addReader(new AddReaderRequest("cam", new TestReader("r1", true)));
        HttpResponse<String> r = get("/v3/paths/list");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        JsonNode body = json.readTree(r.body());
        assertEquals(1, body.get("itemCount").asInt());
        assertEquals(1, body.get("pageCount").asInt());
        JsonNode item = body.get("items").get(0);
        assertEquals("cam", item.get("name").asText());
        assertEquals("all_others", item.get("confName").asText());
        assertEquals("testPublisher", item.get("source").get("type").asText());
        assertEquals("p1", item.get("source").get("id").asText());
        assertTrue(item.get("ready").asBoolean());
        assertTrue(item.get("readyTime").asText().endsWith("Z"));
        assertEquals("[\"H264\",\"Opus\"]", item.get("tracks").toString());
        assertEquals("r1", item.get("readers").get(0).get("id").asText());
        pub.close();
    }

    @Test
    void paginationAndBadParameters() throws Exception {
        for (int i = 0; i < 3; i++) {
            manager.addPublisher(new AddPublisherRequest("p" + i, new TestPublisher("x" + i), Fakes.H264_OPUS));
        }
        JsonNode page1 = json.readTree(get("/v3/paths/list?itemsPerPage=2&page=1").body());
        assertEquals(3, page1.get("itemCount").asInt());
        assertEquals(2, page1.get("pageCount").asInt());
        assertEquals("p2", page1.get("items").get(0).get("name").asText());
        assertEquals(0, json.readTree(get("/v3/paths/list?itemsPerPage=2&page=9").body()).get("items").size());
        assertEquals(400, get("/v3/paths/list?itemsPerPage=0").statusCode());
        assertEquals(400, get("/v3/paths/list?page=-1").statusCode());
        assertEquals(400, get("/v3/paths/list?itemsPerPage=abc").statusCode());
    }

    @Test
    void globalConfigUnknownPathsAndWrongMethods() throws Exception {
        JsonNode global = json.readTree(get("/v3/config/global/get").body());
        assertEquals(8, global.get("writeQueueSize").asInt());
        assertEquals(404, get("/v3/nope").statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/paths/list"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void garbageGets400AndTheServerGoesOn() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write("\u0001\u0002 garbage garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.") && answer.contains(" 400 "), answer);
        }
        assertEquals(200, get("/v3/paths/list").statusCode());
    }

    @Test
    void closeFreesThePortAndAnOffApiBindsNothing() throws Exception {
        server.close();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
        ApiServer off = new ApiServer(apiConfig(false, "127.0.0.1:0"), new ApiHandler(manager, Map::of));
        assertNull(off.localAddress());
        off.close();
        server = off;
    }

    @Test
    void aBadAddressNamesTheField() {
        InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class,
                () -> new ApiServer(apiConfig(true, "nonsense"), new ApiHandler(manager, Map::of)));
        assertEquals("apiAddress", e.field());
    }
}
