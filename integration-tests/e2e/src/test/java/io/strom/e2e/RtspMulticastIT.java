package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RTSP multicast delivery, tested where multicast cannot leave the machine: the server, an ffmpeg
 * publisher and two ffmpeg multicast readers run in a network namespace of their own whose only
 * interface is loopback (see multicast-in-netns.sh; needs the right to create namespaces, which
 * the test command has as root).
 */
class RtspMulticastIT {

    private static final int SECONDS = 8;

    @Test
    void twoMulticastReadersReceiveOneGroupStream() throws Exception {
        NamespaceRun run = NamespaceRun.run("/multicast-in-netns.sh", Integer.toString(SECONDS));
        String out = run.output();
        Path work = run.work();
        Map<String, String> lines = new HashMap<>();
        for (String line : out.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                lines.put(line.startsWith("frames") ? line.substring(0, line.lastIndexOf(' ')) : line.substring(0, space),
                        line.substring(line.startsWith("frames") ? line.lastIndexOf(' ') + 1 : space + 1).trim());
            }
        }
        String log = Files.exists(work.resolve("server.log")) ? Files.readString(work.resolve("server.log")) : "";
        assertEquals(0, run.exitValue(), out + "\n" + log);
        assertEquals("h264,320,240", lines.get("ffprobe"), "ffprobe read the path over multicast\n" + out);
        assertTrue(lines.getOrDefault("server", "").startsWith("multicast: path 'mc' to [224.1.0.1]"), out);
        // A multicast group is shared, so a reader joins mid-GOP: allow it one GOP (30 frames) to start.
        for (String reader : new String[] {"frames reader1", "frames reader2"}) {
            int frames = Integer.parseInt(lines.getOrDefault(reader, "0").isEmpty() ? "0" : lines.get(reader));
            assertTrue(frames >= 0.95 * (SECONDS * 30 - 30), reader + ": " + frames + "\n" + out + "\n" + log);
        }
    }
}
