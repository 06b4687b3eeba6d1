package io.strom.e2e;

/*
 * RTSP -> RTSP pass-through for every codec this machine's ffmpeg (5.1) can publish over RTSP.
 *
 * Kept: H264 (libx264), H265 (libx265), VP8 (libvpx), VP9 (libvpx-vp9, needs -strict experimental
 * for ffmpeg's RTP packetizer), M-JPEG (mjpeg, with standard Huffman tables and both quantization
 * tables), MPEG-4 Audio RFC 3640 (aac), MPEG-4 Audio LATM (aac with -rtpflags latm), Opus (libopus),
 * G711 mu-law and A-law (pcm_mulaw, pcm_alaw), LPCM (pcm_s16be as L16), MPEG-1/2 Audio (mp2).
 *
 * Left out:
 *   - AV1 (libaom-av1, libsvtav1, librav1e): ffmpeg 5.1 has no AV1 RTP packetizer
 *     ("[rtp] Unsupported codec av1").
 */

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One codec at a time published over RTSP/TCP with ffmpeg, then read back over RTSP/TCP: the
 * path's track, what ffprobe sees, and a reader that decodes a few seconds of it.
 */
class RtspCodecsIT {

    private static final String VIDEO_SOURCE = "testsrc2=size=320x240:rate=30";
    private static final String AUDIO_SOURCE = "sine=frequency=1000:sample_rate=48000";
    private static final int READ_SECONDS = 3;
    private static StromServer server;

    @BeforeAll
    static void start() {
        server = StromServer.start("");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * name (path codecs/name), Strom's track name, what ffprobe prints (codec_name[,width,height]),
     * whether it is video, and the ffmpeg encoder options.
     */
    static Stream<Arguments> codecs() {
        return Stream.of(
                Arguments.of("h264", "H264", "h264,320,240", true,
                        List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                                "-g", "30", "-bf", "0")),
                Arguments.of("hevc", "H265", "hevc,320,240", true,
                        List.of("-c:v", "libx265", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                                "-g", "30", "-bf", "0", "-x265-params", "log-level=error")),
                Arguments.of("vp8", "VP8", "vp8,320,240", true,
                        List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "500k", "-g", "30")),
                Arguments.of("vp9", "VP9", "vp9,320,240", true,
                        List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "500k", "-g", "30",
                                "-strict", "experimental")),
                Arguments.of("mjpeg", "M-JPEG", "mjpeg,320,240", true,
                        // RFC 2435 needs the standard Huffman tables (not ffmpeg's default optimal ones) and
                        // both quantization tables; ffmpeg's RTP/JPEG reader rejects a single one (64 bytes)
                        List.of("-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-huffman", "default", "-force_duplicated_matrix", "1",
                                "-q:v", "5")),
                Arguments.of("opus", "Opus", "opus", false, List.of("-c:a", "libopus", "-b:a", "64k")),
                Arguments.of("aac", "MPEG-4 Audio", "aac", false, List.of("-c:a", "aac", "-b:a", "64k")),
                Arguments.of("aac-latm", "MPEG-4 Audio LATM", "aac", false,
                        List.of("-c:a", "aac", "-b:a", "64k", "-rtpflags", "latm")),
                Arguments.of("pcmu", "G711", "pcm_mulaw", false, List.of("-c:a", "pcm_mulaw", "-ar", "8000", "-ac", "1")),
                Arguments.of("pcma", "G711", "pcm_alaw", false, List.of("-c:a", "pcm_alaw", "-ar", "8000", "-ac", "1")),
                Arguments.of("l16", "LPCM", "pcm_s16be", false, List.of("-c:a", "pcm_s16be", "-ar", "48000", "-ac", "2")),
                Arguments.of("mp2", "MPEG-1/2 Audio", "mp2", false, List.of("-c:a", "mp2", "-b:a", "128k")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void passesThrough(String name, String track, String probed, boolean video, List<String> encoder) throws Exception {
        String path = "codecs/" + name;
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", video ? VIDEO_SOURCE : AUDIO_SOURCE));
        cmd.addAll(encoder);
        cmd.addAll(List.of("-f", "rtsp", "-rtsp_transport", "tcp", server.rtspUrl(path)));
        Path publishLog = server.workDir().resolve("publish-" + name + ".log");
        Process publisher = server.startProcess(cmd, publishLog);
        try {
            Await.until(path + " is ready (publisher log " + publishLog + ", server log " + server.workDir()
                    + "/server.log)", Duration.ofSeconds(20), () -> {
                        assertTrue(publisher.isAlive() || server.readyPath(path) != null,
                                () -> "publisher exited: " + read(publishLog));
                        return server.readyPath(path) != null;
                    });
            assertEquals("[\"" + track + "\"]", server.readyPath(path).get("tracks").toString());
            assertEquals(probed, ffprobe(name, path));
            assertDecodes(name, path, video);
        } finally {
            publisher.destroy();
        }
        Await.until(path + " is gone with its publisher", Duration.ofSeconds(10), () -> server.readyPath(path) == null);
    }

    /**
     * A real reader decodes the stream for a few seconds: about 30 frames a second of video, or
     * audio covering about that time.
     */
    private static void assertDecodes(String name, String path, boolean video) throws Exception {
        Path progress = server.workDir().resolve("read-" + name + ".progress");
        Path log = server.workDir().resolve("read-" + name + ".log");
        Process reader = server.startProcess(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-rtsp_transport", "tcp", "-i", server.rtspUrl(path), "-t", Integer.toString(READ_SECONDS),
                "-map", video ? "0:v:0" : "0:a:0", "-f", "null", "-", "-progress", progress.toString()), log);
        assertTrue(reader.waitFor(READ_SECONDS + 15, TimeUnit.SECONDS), "reader finished: " + read(log));
        assertEquals(0, reader.exitValue(), "reader exit code: " + read(log));
        // Leave a second for a reader that starts at the next keyframe on a loaded machine.
        if (video) {
            int frames = Ffmpeg.frames(progress);
            assertTrue(frames >= 30 * (READ_SECONDS - 1), name + ": " + frames + " frames decoded in " + READ_SECONDS
                    + " s:\n" + read(log));
        } else {
            long micros = outTimeMicros(progress);
            assertTrue(micros >= 1_000_000L * (READ_SECONDS - 1), name + ": " + micros + " us of audio decoded in "
                    + READ_SECONDS + " s:\n" + read(log));
        }
    }

    /** The last {@code out_time_us} a reader's {@code -progress} file reports, 0 when none. */
    private static long outTimeMicros(Path progress) {
        long micros = 0;
        for (String line : read(progress).split("\n")) {
            if (line.startsWith("out_time_us=") && !line.endsWith("N/A")) {
                micros = Long.parseLong(line.substring("out_time_us=".length()).trim());
            }
        }
        return micros;
    }

    /**
     * What ffprobe prints about the streams (codec_name[,width,height], one line each). Its
     * messages go to a file of their own: a reader that joins in the middle of a frame (Strom starts
     * RTSP readers on a keyframe only for H264) gets a complaint about the first partial frame.
     */
    private static String ffprobe(String name, String path) throws Exception {
        Path errors = server.workDir().resolve("ffprobe-" + name + ".log");
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", server.rtspUrl(path))
                .redirectError(errors.toFile()).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffprobe did not finish within 20 s: " + read(errors));
        }
        assertEquals(0, p.exitValue(), "ffprobe exit code: " + read(errors));
        return new String(p.getInputStream().readAllBytes()).trim();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
