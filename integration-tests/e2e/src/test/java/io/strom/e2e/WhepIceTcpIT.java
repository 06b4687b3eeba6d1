package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * WHEP over ICE-TCP with a real client: GStreamer's webrtcbin (libnice) with UDP gathering
 * switched off reads a camera published over RTSP. ice4j never offers a loopback address as a
 * TCP candidate, so this runs in a network namespace of its own with an address no other host
 * has (see ice-tcp-in-netns.sh; needs the right to create namespaces, which the test command
 * has as root).
 */
class WhepIceTcpIT {

    private static final int SECONDS = 12;
    /** From the reader's start: the POST, ICE over TCP, DTLS and the first keyframe. */
    private static final int START_ALLOWANCE = 3;

    @Test
    void aTcpOnlyGstreamerReaderPlaysThroughIce4jsPassiveTcpPort() throws Exception {
        playsOverIceTcp("ice4j");
    }

    @Test
    void aTcpOnlyGstreamerReaderPlaysThroughIceLitesTcpPort() throws Exception {
        playsOverIceTcp("lite"); // RFC 4571 framing on io.strom.ice.lite's shared TCP port
    }

    private static void playsOverIceTcp(String implementation) throws Exception {
        NamespaceRun run = NamespaceRun.run("/ice-tcp-in-netns.sh", Integer.toString(SECONDS),
                NamespaceRun.resource("/webrtc/gst_whep_reader.py"), implementation);
        String out = run.output();
        Map<String, String> lines = new HashMap<>();
        for (String line : out.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                lines.put(line.substring(0, space), line.substring(space + 1).trim());
            }
        }
        String context = out + "\nreader log: " + run.work().resolve("reader.log") + "\nserver log: " + run.work().resolve("server.log");
        assertEquals(0, run.exitValue(), context);
        assertTrue(lines.containsKey("reader") && !lines.get("reader").isEmpty(),
                "the reader printed its result (GStreamer's webrtcbin: ./strom test installs it)\n" + context);
        JsonNode result = new ObjectMapper().readTree(lines.get("reader"));
        assertEquals(201, result.path("status").asInt(), context);
        assertTrue(Set.of("connected", "completed").contains(result.path("ice_state").asText()), context);
        assertTrue(Integer.parseInt(lines.getOrDefault("tcp_established", "0")) >= 1,
                "a TCP connection to the passive ICE-TCP port carried the session\n" + context);
        int playing = SECONDS - START_ALLOWANCE;
        assertTrue(result.path("video_frames").asInt() >= 0.9 * 30 * playing, "video access units\n" + context);
        assertTrue(result.path("audio_packets").asInt() >= 0.9 * 50 * playing, "Opus packets\n" + context);
    }
}
