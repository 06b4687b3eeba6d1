package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RTMP and RTMPS with real ffmpeg publishers and readers, and remuxing between RTMP and RTSP. */
class RtmpIT {

    private static final int SECONDS = 20;
    private static final int FPS = 30;
    private static StromServer server;

    @BeforeAll
    static void start() throws Exception {
        TestCertificate tls = TestCertificate.create();
        server = StromServer.start("""
                rtmpEncryption: optional
                rtmpServerCert: %s
                rtmpServerKey: %s
                """.formatted(tls.cert(), tls.key()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Process start(List<String> command, String path) {
        Process p = server.startProcess(command, server.workDir().resolve("publish-" + path.replace('/', '_') + ".log"));
        Await.until(path + " is ready", Duration.ofSeconds(20), () -> server.readyPath(path) != null);
        return p;
    }

    /** ffprobe's streams as sorted lines (RTMP lists audio first, RTSP in SDP order). */
    static String ffprobe(String url, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        cmd.addAll(Arrays.asList(options));
        cmd.addAll(List.of("-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "ffprobe finished");
        return out.lines().sorted().reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private static void readersGetTheirFrames(List<List<String>> commands, String name) throws Exception {
        List<Process> readers = new ArrayList<>();
        List<Path> progress = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Path p = server.workDir().resolve(name + "-" + i + ".progress");
            List<String> cmd = new ArrayList<>(commands.get(i));
            cmd.set(cmd.indexOf("-progress") + 1, p.toString());
            progress.add(p);
            readers.add(server.startProcess(cmd, server.workDir().resolve(name + "-" + i + ".log")));
        }
        for (Process r : readers) {
            assertTrue(r.waitFor(SECONDS + 20, TimeUnit.SECONDS), "reader finished");
        }
        for (Path p : progress) {
            int frames = Ffmpeg.frames(p);
            assertTrue(frames >= 0.95 * SECONDS * FPS, p + ": " + frames + " frames of " + SECONDS * FPS);
        }
    }

    @Test
    void rtmpPublishReachesFiveRtmpAndFiveRtspReaders() throws Exception {
        Process publisher = start(Ffmpeg.publishRtmp(server.rtmpUrl("live/test"), "aac"), "live/test");
        assertEquals("[\"H264\",\"MPEG-4 Audio\"]", server.readyPath("live/test").get("tracks").toString());
        assertEquals("aac\nh264,320,240", ffprobe(server.rtmpUrl("live/test")));
        assertEquals("aac\nh264,320,240", ffprobe(server.rtspUrl("live/test"), "-rtsp_transport", "tcp"));
        List<List<String>> readers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            readers.add(Ffmpeg.readRtmp(server.rtmpUrl("live/test"), SECONDS, Path.of("x")));
            readers.add(Ffmpeg.readRtsp(server.rtspUrl("live/test"), SECONDS, Path.of("x")));
        }
        readersGetTheirFrames(readers, "rtmp-in");
        publisher.destroy();
        Await.until("the path is gone with its publisher", Duration.ofSeconds(10), () -> server.readyPath("live/test") == null);
    }

    @Test
    void rtspPublishReachesFiveRtmpReaders() throws Exception {
        Process publisher = start(Ffmpeg.publishRtsp(server.rtspUrl("rtsp/aac"), "aac"), "rtsp/aac");
        assertEquals("aac\nh264,320,240", ffprobe(server.rtmpUrl("rtsp/aac")));
        List<List<String>> readers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            readers.add(Ffmpeg.readRtmp(server.rtmpUrl("rtsp/aac"), SECONDS, Path.of("x")));
        }
        readersGetTheirFrames(readers, "rtsp-in");
        publisher.destroy();
    }

    @Test
    void rtmpReadersOfAnOpusPublisherGetVideoAndALogLine() throws Exception {
        Process publisher = start(Ffmpeg.publishRtsp(server.rtspUrl("rtsp/opus"), "libopus"), "rtsp/opus");
        assertEquals("h264,320,240", ffprobe(server.rtmpUrl("rtsp/opus")));
        Await.until("the log says why", Duration.ofSeconds(5),
                () -> server.log().contains("of 'rtsp/opus' gets no Opus track: RTMP cannot carry it"));
        publisher.destroy();
    }

    @Test
    void rtmpsWithASelfSignedCertificateCarriesPublishAndRead() throws Exception {
        Process publisher = start(Ffmpeg.publishRtmp(server.rtmpsUrl("tls/test"), "aac"), "tls/test");
        assertEquals("aac\nh264,320,240", ffprobe(server.rtmpsUrl("tls/test")));
        readersGetTheirFrames(List.of(Ffmpeg.readRtmp(server.rtmpsUrl("tls/test"), SECONDS, Path.of("x"))), "rtmps");
        publisher.destroy();
    }
}
