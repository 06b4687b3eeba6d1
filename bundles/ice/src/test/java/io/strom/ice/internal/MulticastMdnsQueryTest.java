package io.strom.ice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One real mDNS resolution against a JmDNS responder, inside a network namespace whose only
 * interface is loopback with multicast routed to it (so no query leaves the machine).
 */
class MulticastMdnsQueryTest {

    private static boolean namespacesAvailable() {
        try {
            Process p = new ProcessBuilder("unshare", "-rn", "true").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void resolvesAJmdnsHostNameOverLoopbackMulticast() throws Exception {
        // Like the RTSP multicast test: required, not skipped, so CI cannot pass without running it.
        assertTrue(namespacesAvailable(), "'unshare -rn' (user + network namespaces) is needed for the multicast test");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && exec \""
                + java + "\" -cp \"$CP\" " + MdnsLoopbackProbe.class.getName();
        ProcessBuilder pb = new ProcessBuilder(List.of("unshare", "-rn", "sh", "-c", script)).redirectErrorStream(true);
        pb.environment().put("CP", System.getProperty("java.class.path").replace(File.pathSeparatorChar, ':'));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String line = out.lines().filter(l -> l.startsWith("resolved ")).findFirst().orElse(out);
        assertTrue(line.startsWith("resolved 127.0.0.1 queries "), out);
        int queries = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
        assertTrue(queries >= 1 && queries <= 3, line);
        assertEquals(0, p.exitValue(), out);
    }
}
