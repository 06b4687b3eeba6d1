package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RTSP over TCP and UDP with real ffmpeg publishers and readers. */
class RtspIT {

    private static final int SECONDS = 20;
    private static final int FPS = 30;
    private static StromServer server;

    @BeforeAll
    static void start() {
        server = StromServer.start("");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Process publish(String path, String audioCodec) {
        return publish(path, audioCodec, "tcp");
    }

    private static Process publish(String path, String audioCodec, String transport) {
        Process p = server.startProcess(Ffmpeg.publishRtsp(server.rtspUrl(path), audioCodec, transport),
                server.workDir().resolve("publish-" + path.replace('/', '_') + ".log"));
        Await.until(path + " is ready", Duration.ofSeconds(20), () -> server.readyPath(path) != null);
        return p;
    }

    private static String ffprobe(String path) throws Exception {
        return ffprobe(path, "tcp");
    }

    private static String ffprobe(String path, String transport) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-rtsp_transport", transport, "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", server.rtspUrl(path)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "ffprobe finished");
        return new String(p.getInputStream().readAllBytes()).trim();
    }

    @Test
    void h264AndOpusPublishedOverTcpReachFiveTcpAndFiveUdpReaders() throws Exception {
        publishAndReadFromTenReaders("live/opus", "tcp");
    }

    @Test
    void h264AndOpusPublishedOverUdpReachFiveTcpAndFiveUdpReaders() throws Exception {
        publishAndReadFromTenReaders("live/udp", "udp");
    }

    private void publishAndReadFromTenReaders(String path, String publishTransport) throws Exception {
        Process publisher = publish(path, "libopus", publishTransport);
        assertEquals("[\"H264\",\"Opus\"]", server.readyPath(path).get("tracks").toString());
        assertEquals("h264,320,240\nopus", ffprobe(path, "udp"));

        List<Process> readers = new ArrayList<>();
        List<Path> progress = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String transport = i < 5 ? "tcp" : "udp";
            Path p = server.workDir().resolve(path.replace('/', '_') + "-reader-" + transport + i + ".progress");
            progress.add(p);
            readers.add(server.startProcess(Ffmpeg.readRtsp(server.rtspUrl(path), SECONDS, p, transport),
                    server.workDir().resolve(path.replace('/', '_') + "-reader-" + i + ".log")));
        }
        for (Process r : readers) {
            assertTrue(r.waitFor(SECONDS + 20, TimeUnit.SECONDS), "reader finished");
        }
        for (Path p : progress) {
            int frames = Ffmpeg.frames(p);
            assertTrue(frames >= 0.95 * SECONDS * FPS, p + ": " + frames + " frames of " + SECONDS * FPS);
        }
        assertTrue(server.readyPath(path).get("bytesSent").asLong() > 0);
        publisher.destroy();
        Await.until("the path is gone with its publisher", Duration.ofSeconds(10), () -> server.readyPath(path) == null);
    }

    @Test
    void h264AndAacPublishedOverTcpAreDescribedRight() throws Exception {
        Process publisher = publish("live/aac", "aac");
        assertEquals("[\"H264\",\"MPEG-4 Audio\"]", server.readyPath("live/aac").get("tracks").toString());
        assertEquals("h264,320,240\naac", ffprobe("live/aac"));
        publisher.destroy();
    }

    @Test
    void aReaderJoiningMidStreamStartsOnAKeyframeAndIsClosedWhenThePublisherGoes() throws Exception {
        Process publisher = publish("live/join", "libopus");
        Thread.sleep(1500); // join in the middle of a GOP
        Path log = server.workDir().resolve("decoding-reader.log");
        Process reader = server.startProcess(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-rtsp_transport", "tcp", "-i", server.rtspUrl("live/join"), "-map", "0:v:0", "-f", "null", "-"), log);
        Thread.sleep(3000);
        assertTrue(reader.isAlive(), "decoding");
        publisher.destroy();
        assertTrue(reader.waitFor(15, TimeUnit.SECONDS), "the reader ends when the publisher goes");
        String errors = Files.readString(log);
        assertFalse(errors.contains("non-existing PPS") || errors.contains("no frame!") || errors.contains("decode_slice_header"),
                "the first frame decoded was a keyframe:\n" + errors);
    }
}
