package io.strom.example.udpmpegts.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** MPEG-TS made by a real muxer: ffmpeg encodes two seconds of test pattern and tone at 25 fps. */
final class FfmpegTs {

    static final int SECONDS = 2;
    static final int FPS = 25;

    /** Encoded once per codec pair and test run: encoding is the slow part. */
    private static final java.util.Map<String, byte[]> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private FfmpegTs() {
    }

    /** A TS file with the given encoders ({@code libx264}, {@code libx265}; {@code aac}, {@code libopus}). */
    static byte[] encode(String videoCodec, String audioCodec) {
        return CACHE.computeIfAbsent(videoCodec + "-" + audioCodec, k -> {
            try {
                return run(videoCodec, audioCodec);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("ffmpeg could not encode " + k, e);
            }
        }).clone();
    }

    private static byte[] run(String videoCodec, String audioCodec) throws IOException, InterruptedException {
        Path dir = Path.of("target", "ts");
        Files.createDirectories(dir);
        Path out = dir.resolve(videoCodec + "-" + audioCodec + ".ts");
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=" + FPS,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(SECONDS), "-pix_fmt", "yuv420p", "-g", Integer.toString(FPS), "-bf", "2",
                "-c:v", videoCodec, "-c:a", audioCodec));
        if (videoCodec.equals("libx265")) {
            command.addAll(List.of("-x265-params", "log-level=error"));
        }
        command.addAll(List.of("-f", "mpegts", out.toString()));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("ffmpeg is missing (./strom test installs it): " + e.getMessage(), e);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("ffmpeg failed: " + Files.readString(dir.resolve("ffmpeg.log")));
        }
        return Files.readAllBytes(out);
    }
}
