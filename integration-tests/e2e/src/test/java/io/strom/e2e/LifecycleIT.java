package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting, stopping and restarting the server; credentials and console edits; a bad config at start. */
class LifecycleIT {

    @Test
    void aBadValueMakesStromRunExitNonZeroNamingTheKey() throws Exception {
        assertRunFails("rtspAddress: nonsense\n", "rtspAddress");
        assertRunFails("rtspAdress: :8554\n", "rtspAdress");
    }

    private static void assertRunFails(String yaml, String key) throws Exception {
        Path dir = StromServer.newWorkDir();
        Path config = dir.resolve("bad.yml");
        Files.writeString(config, yaml);
        Path out = dir.resolve("out.log");
        ProcessBuilder pb = new ProcessBuilder(StromServer.repositoryRoot().resolve("strom").toString(), "run",
                "--config", config.toString(), "--data", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("STROM_SKIP_BUILD", "1"); // the jar under test, built by this very build
        Process run = pb.start();
        try {
            assertTrue(run.waitFor(90, TimeUnit.SECONDS), "strom run did not exit");
        } finally {
            run.destroyForcibly();
        }
        String output = Files.readString(out);
        assertNotEquals(0, run.exitValue(), output);
        assertTrue(output.contains(key), "the message names " + key + ":\n" + output);
    }

    @Test
    void ctrlCStopsTheServerCleanlyAndFreesItsPorts() throws IOException {
        StromServer server = StromServer.start("");
        try {
            server.interrupt();
            assertFalse(server.isAlive());
            try (ServerSocket api = new ServerSocket(server.apiPort(), 1, InetAddress.getLoopbackAddress());
                    ServerSocket console = new ServerSocket(server.consolePort(), 1, InetAddress.getLoopbackAddress())) {
                assertTrue(api.isBound() && console.isBound());
            }
        } finally {
            server.close();
        }
    }

    @Test
    void consoleCredentialsComeFromConfigurationAndConsoleEditsSurviveARestart() {
        StromServer server = StromServer.start("consoleUser: strom\nconsolePass: s3cret\n");
        try {
            Await.until("the console is up", Duration.ofSeconds(20),
                    () -> server.console("/system/console/bundles", "strom", "s3cret").statusCode() == 200);
            assertEquals(401, server.console("/system/console/bundles", "admin", "admin").statusCode());
            assertFalse(server.log().contains("default credentials"), "no warning with own credentials");
            assertFalse(server.log().contains("s3cret"), "the password is never logged");

            // An edit made in the Web Console, of a key strom.yml does not set.
            var edit = server.send(server.consoleRequest("/system/console/configMgr/io.strom.core", "strom", "s3cret")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "apply=true&action=ajaxConfigManager&propertylist=writeQueueSize&writeQueueSize=2048")));
            assertTrue(edit.statusCode() < 400, edit.statusCode() + " " + edit.body());
            Await.until("the console edit is applied", Duration.ofSeconds(10),
                    () -> server.getJson("/v3/config/global/get").get("writeQueueSize").asInt() == 2048);

            server.stop();
            server.restart();
            assertEquals(2048, server.getJson("/v3/config/global/get").get("writeQueueSize").asInt());
        } finally {
            server.close();
        }
    }
}
