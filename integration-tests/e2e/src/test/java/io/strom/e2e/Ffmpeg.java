package io.strom.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ffmpeg command lines for the tests: a synthetic live source (320x240, 30 fps, 1 s GOP) and counting readers. */
final class Ffmpeg {

    private Ffmpeg() {
    }

    /** Publishes H264 plus {@code audioCodec} (libopus or aac) to {@code url} over RTSP/TCP, in real time. */
    static List<String> publishRtsp(String url, String audioCodec) {
        return publishRtsp(url, audioCodec, "tcp");
    }

    /** Publishes H264 plus {@code audioCodec} to {@code url} over RTSP with {@code transport} (tcp or udp). */
    static List<String> publishRtsp(String url, String audioCodec, String transport) {
        return publishRtsp(url, audioCodec, transport, "320x240", List.of());
    }

    /**
     * Publishes {@code size} H264 (1 s GOP) plus {@code audioCodec} over RTSP with {@code transport};
     * {@code rateControl} is x264's (empty: its default quality-based rate).
     */
    static List<String> publishRtsp(String url, String audioCodec, String transport, String size, List<String> rateControl) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30",
                "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-bf", "0"));
        cmd.addAll(rateControl);
        cmd.addAll(List.of("-c:a", audioCodec, "-b:a", "64k", "-f", "rtsp", "-rtsp_transport", transport, url));
        return cmd;
    }

    /** Publishes H264 plus {@code audioCodec} (aac) to {@code url} over RTMP (FLV), in real time. */
    static List<String> publishRtmp(String url, String audioCodec) {
        return List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-bf", "0",
                "-c:a", audioCodec, "-b:a", "64k", "-f", "flv", url);
    }

    /** Reads {@code seconds} of media from an RTMP {@code url} without decoding, writing progress to {@code progress}. */
    static List<String> readRtmp(String url, int seconds, Path progress) {
        return new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-i", url, "-t", Integer.toString(seconds),
                "-map", "0:v:0", "-c", "copy", "-f", "null", "-", "-progress", progress.toString()));
    }

    /** Reads {@code seconds} of media from {@code url} over RTSP/TCP without decoding, writing progress to {@code progress}. */
    static List<String> readRtsp(String url, int seconds, Path progress) {
        return readRtsp(url, seconds, progress, "tcp");
    }

    /** Like {@link #readRtsp(String, int, Path)} over {@code transport} (tcp or udp). */
    static List<String> readRtsp(String url, int seconds, Path progress, String transport) {
        return new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-rtsp_transport", transport, "-i", url, "-t", Integer.toString(seconds),
                "-map", "0:v:0", "-c", "copy", "-f", "null", "-", "-progress", progress.toString()));
    }

    /** The last frame count a reader's {@code -progress} file reports, 0 when none. */
    static int frames(Path progress) {
        try {
            if (!Files.exists(progress)) {
                return 0;
            }
            int frames = 0;
            for (String line : Files.readAllLines(progress)) {
                if (line.startsWith("frame=")) {
                    frames = Integer.parseInt(line.substring(6).trim());
                }
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
