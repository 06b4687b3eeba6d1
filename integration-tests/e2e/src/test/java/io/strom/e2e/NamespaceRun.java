package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test script run as root in a network namespace of its own ({@code unshare -n}), where a test
 * can set up interfaces and routes no other process sees. The script gets the runtime jar and a
 * fresh work directory as its first two arguments, and at most 90 s.
 *
 * @param output what the script printed (stdout and stderr)
 * @param exitValue its exit status
 * @param work the work directory it was given
 */
record NamespaceRun(String output, int exitValue, Path work) {

    static NamespaceRun run(String scriptResource, String... args) throws Exception {
        Path work = Files.createTempDirectory("strom-netns");
        Path script = Path.of(NamespaceRun.class.getResource(scriptResource).toURI());
        Path jar = Path.of(System.getProperty("strom.jar", "../../runtime/target/strom.jar")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("timeout", "90", "unshare", "-n", "bash", script.toString(),
                jar.toString(), work.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "the namespace run of " + scriptResource + " ended");
        return new NamespaceRun(out, p.exitValue(), work);
    }

    /** A resource of the tests as a file path, for the script's arguments. */
    static String resource(String name) throws Exception {
        return Path.of(NamespaceRun.class.getResource(name).toURI()).toString();
    }
}
