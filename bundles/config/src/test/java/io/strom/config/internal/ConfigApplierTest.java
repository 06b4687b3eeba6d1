package io.strom.config.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigApplierTest {

    private final FakeConfigAdmin cm = new FakeConfigAdmin();
    private final ConfigApplier applier = new ConfigApplier(cm);

    private int apply(String yaml) throws Exception {
        List<String> errors = new ArrayList<>();
        ConfigPlan plan = Validator.validate(StromYaml.parse(yaml), errors);
        assertEquals(List.of(), errors);
        return applier.apply(plan);
    }

    @Test
    void writesEachKeyToItsPidWithTheMultiLocation() throws Exception {
        apply("writeQueueSize: 256\napi: yes\n");
        assertEquals(256, cm.props("io.strom.core").get("writeQueueSize"));
        assertEquals(true, cm.props("io.strom.control.api").get("api"));
        assertArrayEquals(new String[] {"writeQueueSize"}, (String[]) cm.props("io.strom.core").get(ConfigApplier.FILE_KEYS));
        assertEquals(9995, cm.props(KeyTable.HTTP_PID).get("org.osgi.service.http.port"));
        assertTrue(cm.locations.stream().allMatch("?"::equals), "every configuration is multi-location");
    }

    @Test
    void anUnchangedFileChangesNothing() throws Exception {
        apply("writeQueueSize: 256\npaths:\n  cam: {maxReaders: 2}\n");
        int updates = cm.updates;
        assertEquals(0, apply("writeQueueSize: 256\npaths:\n  cam: {maxReaders: 2}\n"));
        assertEquals(updates, cm.updates);
    }

    @Test
    void consoleEditsOfKeysTheFileDoesNotSetSurviveAndRemovedKeysRevert() throws Exception {
        apply("writeQueueSize: 256\n");
        // The Web Console adds a key of the same PID.
        cm.configs.get("io.strom.core").props.put("someConsoleKey", 7);
        apply("api: yes\n"); // writeQueueSize no longer in the file
        Map<String, Object> core = cm.props("io.strom.core");
        assertNull(core.get("writeQueueSize"), "removed from the file: back to its default");
        assertEquals(7, core.get("someConsoleKey"), "the console's key stays");
        assertNull(core.get(ConfigApplier.FILE_KEYS));
    }

    @Test
    void pathsAreCreatedUpdatedAndDeletedButConsolePathsAreLeftAlone() throws Exception {
        cm.put("io.strom.path~console", KeyTable.PATH_FACTORY_PID, Map.of("name", "made-in-console"));
        apply("paths:\n  cam1: {maxReaders: 1}\n  cam2:\n");
        assertEquals(3, cm.paths().size());
        apply("paths:\n  cam1: {maxReaders: 5}\n");
        assertEquals(2, cm.paths().size(), "cam2 deleted, the console's path kept");
        assertEquals(1, cm.deletes);
        assertTrue(cm.paths().stream().anyMatch(c -> "made-in-console".equals(c.getProperties().get("name"))));
        assertTrue(cm.paths().stream().anyMatch(c -> Integer.valueOf(5).equals(c.getProperties().get("maxReaders"))));

        apply("paths:\n  made-in-console: {maxReaders: 9}\n");
        assertEquals(1, cm.paths().size(), "the file took over the console's path of the same name");
        assertEquals(ConfigApplier.FROM_FILE, cm.paths().get(0).getProperties().get(ConfigApplier.ORIGIN));
    }

    @Test
    void reportsConsoleCredentials() throws Exception {
        apply("");
        assertArrayEquals(new String[] {"admin", "admin"}, applier.consoleCredentials());
        apply("consoleUser: me\nconsolePass: pw\n");
        assertArrayEquals(new String[] {"me", "pw"}, applier.consoleCredentials());
    }
}
