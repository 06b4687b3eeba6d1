package io.strom.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigLoaderTest {

    private final FakeConfigAdmin cm = new FakeConfigAdmin();
    private final AtomicInteger exitStatus = new AtomicInteger(-1);

    @TempDir
    Path dir;

    private YamlConfigLoader loader(Path file) {
        return new YamlConfigLoader(file, new ConfigApplier(cm), exitStatus::set, 0);
    }

    @Test
    void embeddedDefaultsAcceptEveryPathAndPlaceTheConsole() throws Exception {
        loader(null).close();
        assertEquals("all_others", cm.paths().get(0).getProperties().get("name"));
        assertEquals(true, cm.props(KeyTable.HTTP_PID).get("org.apache.felix.http.enable"));
        assertEquals(-1, exitStatus.get());
    }

    @Test
    void aValidEditIsAppliedAndAnInvalidOneIsRefused() throws Exception {
        Path file = dir.resolve("strom.yml");
        Files.writeString(file, "writeQueueSize: 256\n");
        YamlConfigLoader loader = loader(file);
        assertEquals(256, cm.props("io.strom.core").get("writeQueueSize"));

        Files.writeString(file, "writeQueueSize: 512\n");
        settle(loader);
        assertEquals(512, cm.props("io.strom.core").get("writeQueueSize"));

        int updates = cm.updates;
        Files.writeString(file, "writeQueueSize: 500\nrtspAddress: :8554\n");
        settle(loader);
        assertEquals(512, cm.props("io.strom.core").get("writeQueueSize"), "the running configuration stays");
        assertNull(cm.props("io.strom.rtsp"), "nothing of an invalid file is applied");
        assertEquals(updates, cm.updates);

        Files.delete(file);
        loader.check(); // a vanished file keeps the configuration
        assertEquals(512, cm.props("io.strom.core").get("writeQueueSize"));
        assertEquals(-1, exitStatus.get(), "edits never end the process");
        loader.close();
    }

    @Test
    void aFileCaughtHalfWrittenIsNotAppliedUntilItReadsTheSameTwice() throws Exception {
        Path file = dir.resolve("strom.yml");
        Files.writeString(file, "writeQueueSize: 256\n");
        YamlConfigLoader loader = loader(file);
        int updates = cm.updates;

        Files.writeString(file, ""); // truncated by the editor, not yet written
        loader.check();
        Files.writeString(file, "writeQueueSize: 1024\n");
        loader.check();
        assertEquals(updates, cm.updates, "neither the empty nor the new content is applied at its first look");
        assertEquals(256, cm.props("io.strom.core").get("writeQueueSize"));

        loader.check();
        assertEquals(1024, cm.props("io.strom.core").get("writeQueueSize"), "applied once it reads the same twice");
        loader.close();
    }

    /** Two looks: a change is applied when the second finds the same content. */
    private static void settle(YamlConfigLoader loader) {
        loader.check();
        loader.check();
    }

    @Test
    void anInvalidFileAtStartAsksToExitWithStatus2() throws Exception {
        Path file = dir.resolve("strom.yml");
        Files.writeString(file, "rtspAddress: nonsense\n");
        loader(file).close();
        assertEquals(YamlConfigLoader.EXIT_STATUS, exitStatus.get());
        assertNull(cm.props("io.strom.rtsp"));
    }
}
