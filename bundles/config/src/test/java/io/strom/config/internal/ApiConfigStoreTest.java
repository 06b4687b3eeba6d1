package io.strom.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.config.ConfigException;
import io.strom.api.config.ConfigStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiConfigStoreTest {

    private final FakeConfigAdmin cm = new FakeConfigAdmin();
    /** What the installed bundles would describe with Metatype. */
    private final Map<String, Map<String, Object>> metatype = Map.of(
            "io.strom.core", Map.of("writeQueueSize", 512),
            "io.strom.rtsp", Map.of("rtspAddress", ":8554", "rtspTransports", new String[] {"udp", "tcp"}),
            KeyTable.PATH_FACTORY_PID, Map.of("source", "publisher", "overridePublisher", true, "maxReaders", 0));
    private final ApiConfigStore store = new ApiConfigStore(cm, () -> metatype);

    @BeforeEach
    void loadFile() throws Exception {
        List<String> errors = new ArrayList<>();
        ConfigPlan plan = Validator.validate(StromYaml.parse("""
                rtspAddress: 127.0.0.1:8554
                consoleAddress: :9995
                consolePass: secret
                authInternalUsers:
                  - user: admin
                    pass: hunter2
                    ips: [127.0.0.1]
                    permissions: [{action: api}, {action: read, path: cam}]
                  - user: any
                    permissions: [{action: publish}]
                webrtcICEServers2:
                  - url: turn:turn.example.org:3478
                    username: u
                    password: p
                pathDefaults:
                  maxReaders: 5
                paths:
                  cam:
                    overridePublisher: no
                  big:
                    maxReaders: 50
                """), errors);
        assertEquals(List.of(), errors);
        new ConfigApplier(cm).apply(plan);
    }

    @Test
    void globalShowsStoredValuesElseDefaultsAndNoSecret() {
        Map<String, Object> global = store.global();
        assertEquals("127.0.0.1:8554", global.get("rtspAddress"));
        assertEquals(512, global.get("writeQueueSize"));
        assertEquals(List.of("udp", "tcp"), global.get("rtspTransports"));
        assertEquals(":9995", global.get("consoleAddress"));
        assertEquals(ConfigStore.REDACTED, global.get("consolePass"));
        assertFalse(global.containsKey("hlsAddress"), "a key of a bundle not installed and not set is left out");
        assertEquals(List.of(
                Map.of("user", "admin", "pass", ConfigStore.REDACTED, "ips", List.of("127.0.0.1"), "permissions",
                        List.of(Map.of("action", "api", "path", ""), Map.of("action", "read", "path", "cam"))),
                Map.of("user", "any", "pass", "", "ips", List.of(), "permissions", List.of(Map.of("action", "publish", "path", "")))),
                global.get("authInternalUsers"));
        assertEquals(List.of(Map.of("url", "turn:turn.example.org:3478", "username", "u", "password", ConfigStore.REDACTED)),
                global.get("webrtcICEServers2"));
        assertFalse(global.toString().contains("hunter2") || global.toString().contains("secret"), global.toString());
    }

    @Test
    void aGlobalPatchIsWrittenToItsPidsOrRefusedWholeNamingEveryField() throws Exception {
        store.patchGlobal(map("rtspAddress", ":18554", "writeQueueSize", 1024, "api", true, "consoleAddress", "127.0.0.1:19995"));
        assertEquals(":18554", cm.props("io.strom.rtsp").get("rtspAddress"));
        assertEquals(1024, cm.props("io.strom.core").get("writeQueueSize"));
        assertEquals(true, cm.props("io.strom.control.api").get("api"));
        assertEquals(19995, cm.props(KeyTable.HTTP_PID).get("org.osgi.service.http.port"));
        assertEquals("127.0.0.1:19995", store.global().get("consoleAddress"));

        int updates = cm.updates;
        ConfigException e = assertThrows(ConfigException.class,
                () -> store.patchGlobal(map("rtspAddress", "nonsense", "writeQueueSize", 1000, "rtmpAddress", ":1935", "colour", "blue")));
        assertEquals(ConfigException.Reason.INVALID, e.reason());
        assertEquals(List.of("rtspAddress", "writeQueueSize", "colour"), e.fields());
        assertTrue(e.getMessage().contains("'rtspAddress'") && e.getMessage().contains("power of two"), e.getMessage());
        assertEquals(updates, cm.updates, "nothing written");
        assertEquals(":18554", store.global().get("rtspAddress"));
        assertThrows(ConfigException.class, () -> store.patchGlobal(map("paths", Map.of())));
    }

    @Test
    void pathConfigurationsCanBeAddedReadPatchedReplacedAndDeleted() throws Exception {
        assertEquals(List.of("big", "cam"), store.paths().stream().map(p -> p.get("name")).toList());
        assertEquals(Map.of("name", "cam", "source", "publisher", "overridePublisher", false, "maxReaders", 5), store.path("cam"));

        store.addPath("live/new", map("maxReaders", 2));
        assertEquals(2, store.path("live/new").get("maxReaders"));
        assertEquals(ConfigException.Reason.EXISTS, assertThrows(ConfigException.class,
                () -> store.addPath("live/new", map())).reason());
        ConfigException bad = assertThrows(ConfigException.class, () -> store.addPath("/lead", map()));
        assertEquals(List.of("name"), bad.fields());
        ConfigException badValue = assertThrows(ConfigException.class, () -> store.addPath("x", map("maxReaders", -1, "colour", 1)));
        assertEquals(List.of("maxReaders", "colour"), badValue.fields());
        assertThrows(ConfigException.class, () -> store.path("x"));

        store.patchPath("live/new", map("overridePublisher", false));
        assertEquals(Map.of("name", "live/new", "source", "publisher", "overridePublisher", false, "maxReaders", 2),
                store.path("live/new"));
        store.replacePath("live/new", map("source", "publisher"));
        assertEquals(5, store.path("live/new").get("maxReaders"), "replaced: back to the path default");
        assertEquals(true, store.path("live/new").get("overridePublisher"));

        store.deletePath("live/new");
        for (String op : List.of("get", "patch", "replace", "delete")) {
            ConfigException e = assertThrows(ConfigException.class, () -> {
                switch (op) {
                    case "get" -> store.path("live/new");
                    case "patch" -> store.patchPath("live/new", map());
                    case "replace" -> store.replacePath("live/new", map());
                    default -> store.deletePath("live/new");
                }
            });
            assertEquals(ConfigException.Reason.NOT_FOUND, e.reason(), op);
        }
    }

    @Test
    void pathDefaultsReachEveryPathThatDoesNotSetTheKey() throws Exception {
        assertEquals(Map.of("source", "publisher", "overridePublisher", true, "maxReaders", 5), store.pathDefaults());
        store.patchPathDefaults(map("maxReaders", 7, "overridePublisher", false));
        assertEquals(7, store.path("cam").get("maxReaders"));
        assertEquals(50, store.path("big").get("maxReaders"), "big sets maxReaders itself");
        assertEquals(false, store.path("big").get("overridePublisher"));
        assertEquals(ConfigApplier.FROM_FILE, originOf("cam"), "the file still owns cam");
        ConfigException e = assertThrows(ConfigException.class, () -> store.patchPathDefaults(map("maxReaders", "many")));
        assertEquals(List.of("maxReaders"), e.fields());
        assertEquals(7, store.pathDefaults().get("maxReaders"));
    }

    private Object originOf(String path) {
        return cm.configs.values().stream().filter(c -> c.props != null && path.equals(c.props.get("name")))
                .findFirst().orElseThrow().props.get(ConfigApplier.ORIGIN);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
