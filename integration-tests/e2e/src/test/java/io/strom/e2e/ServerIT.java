package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server started from the runtime jar: API, Web Console, hot deployment and live configuration. */
class ServerIT {

    private static StromServer server;

    @BeforeAll
    static void start() {
        server = StromServer.start("");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theApiAnswersInMediaMtxShapes() {
        JsonNode paths = server.getJson("/v3/paths/list");
        assertEquals(0, paths.get("itemCount").asInt());
        assertTrue(paths.get("items").isArray());
        JsonNode global = server.getJson("/v3/config/global/get");
        assertEquals("127.0.0.1:" + server.apiPort(), global.get("apiAddress").asText());
        assertTrue(global.get("api").asBoolean());
        assertTrue(global.has("writeQueueSize"), global.toString());
        assertEquals(404, server.get("/v3/nothing/here").statusCode());
    }

    @Test
    void theWebConsoleWantsCredentialsAndListsEveryStromBundleActive() throws IOException {
        assertEquals(401, server.console("/system/console/bundles", null, null).statusCode());
        assertEquals(401, server.console("/system/console/bundles", "admin", "wrong").statusCode());
        assertEquals(200, server.console("/system/console/bundles", "admin", "admin").statusCode());

        List<String> strom = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode b : bundles()) {
            String bsn = b.get("symbolicName").asText();
            String state = b.get("state").asText();
            if (bsn.startsWith("io.strom.")) {
                strom.add(bsn);
            }
            if (state.equals("Installed") || state.equals("Resolved")) {
                problems.add(bsn + " " + state);
            }
        }
        assertEquals(List.of(), problems, "bundles that did not start");
        assertTrue(strom.containsAll(List.of("io.strom.api", "io.strom.core", "io.strom.config")), strom.toString());
        assertTrue(server.log().contains("default credentials"), "a warning about admin/admin");
    }

    @Test
    void aBundleDroppedIntoDeployIsStartedAndRemovedWhenDeleted() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("strom.deployable.dir", "target/deployable")))) {
            jar = files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path deployed = server.dataDir().resolve("deploy").resolve(jar.getFileName());
        Files.copy(jar, deployed);
        Await.until("the deployed bundle is active", Duration.ofSeconds(10),
                () -> "Active".equals(bundleState("org.osgi.util.converter")));
        Files.delete(deployed);
        Await.until("the deployed bundle is uninstalled", Duration.ofSeconds(10),
                () -> bundleState("org.osgi.util.converter") == null);
    }

    @Test
    void anEditOfStromYmlReachesConfigAdminAndABadEditIsRefused() {
        server.writeConfig("writeQueueSize: 1024\n");
        Await.until("writeQueueSize 1024 is applied", Duration.ofSeconds(10),
                () -> server.getJson("/v3/config/global/get").get("writeQueueSize").asInt() == 1024);

        server.writeConfig("writeQueueSize: 1000\n");
        Await.until("the bad value is reported", Duration.ofSeconds(10),
                () -> server.log().contains("writeQueueSize") && server.log().contains("rejected"));
        assertEquals(1024, server.getJson("/v3/config/global/get").get("writeQueueSize").asInt());

        server.writeConfig("writeQueueSize: 1024\nrtspAdress: :8554\n");
        Await.until("the unknown key is reported", Duration.ofSeconds(10), () -> server.log().contains("rtspAdress"));
        assertTrue(server.isAlive());
        server.writeConfig("");
    }

    private static String bundleState(String bsn) {
        for (JsonNode b : bundles()) {
            if (b.get("symbolicName").asText().equals(bsn)) {
                return b.get("state").asText();
            }
        }
        return null;
    }

    private static JsonNode bundles() {
        var r = server.console("/system/console/bundles.json", "admin", "admin");
        assertEquals(200, r.statusCode());
        try {
            JsonNode data = new ObjectMapper().readTree(r.body()).get("data");
            assertFalse(data.isEmpty());
            return data;
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }
}
