package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Audio and video stay in sync through remuxing, measured from what a reader receives: an RTSP
 * publisher sends a white flash and a beep together every two seconds; an RTMP reader records
 * 60 s; the flashes (video brightness) and beeps (audio level) found in the recording must line
 * up within 100 ms, and each track's timestamps must never go back.
 */
class RemuxSyncIT {

    private static final int SECONDS = 60;
    private static StromServer server;

    @BeforeAll
    static void start() {
        server = StromServer.start("");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> lines(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffprobe finished");
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Times (s) where a value crosses {@code threshold} upwards, from "time,value" lines. */
    private static List<Double> onsets(List<String> rows, double threshold) {
        List<Double> out = new ArrayList<>();
        boolean above = false;
        for (String row : rows) {
            String[] f = row.split(",");
            if (f.length < 2 || f[1].isBlank() || f[0].equals("N/A")) {
                continue;
            }
            double value = f[1].equals("-inf") ? -1000 : Double.parseDouble(f[1]);
            boolean now = value > threshold;
            if (now && !above) {
                out.add(Double.parseDouble(f[0]));
            }
            above = now;
        }
        return out;
    }

    @Test
    void flashesAndBeepsLineUpWithin100msOver60sFromRtspToRtmp() throws Exception {
        Process publisher = server.startProcess(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", "color=c=black:s=320x240:r=30,drawbox=c=white:t=fill:enable='lt(mod(t\\,2)\\,0.2)'",
                "-re", "-f", "lavfi", "-i", "sine=f=1000:r=48000,volume=0:enable='gte(mod(t\\,2)\\,0.2)'",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-g", "30", "-bf", "0", "-c:a", "aac", "-b:a", "64k",
                "-f", "rtsp", "-rtsp_transport", "tcp", server.rtspUrl("sync")), server.workDir().resolve("sync-pub.log"));
        Await.until("sync is published", Duration.ofSeconds(20),
                () -> server.getJson("/v3/paths/list").get("items").toString().contains("\"sync\""));
        Path recording = server.workDir().resolve("sync.flv");
        Process reader = server.startProcess(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                "-i", server.rtmpUrl("sync"), "-t", Integer.toString(SECONDS), "-c", "copy", "-f", "flv", recording.toString()),
                server.workDir().resolve("sync-reader.log"));
        assertTrue(reader.waitFor(SECONDS + 30, TimeUnit.SECONDS), "the reader recorded");
        publisher.destroy();

        List<String> packets = lines(List.of("ffprobe", "-v", "error", "-show_entries", "packet=stream_index,dts_time",
                "-of", "csv=p=0", recording.toString()));
        double[] lastDts = {-1, -1};
        for (String p : packets) {
            String[] f = p.split(",");
            int stream = Integer.parseInt(f[0]);
            double dts = Double.parseDouble(f[1]);
            assertTrue(dts >= lastDts[stream], "stream " + stream + " went back from " + lastDts[stream] + " to " + dts);
            lastDts[stream] = dts;
        }
        List<Double> flashes = onsets(lines(List.of("ffprobe", "-v", "error", "-f", "lavfi", "-i",
                "movie=" + recording + ",signalstats", "-show_entries", "frame=pts_time:frame_tags=lavfi.signalstats.YAVG",
                "-of", "csv=p=0")), 128);
        List<Double> beeps = onsets(lines(List.of("ffprobe", "-v", "error", "-f", "lavfi", "-i",
                "amovie=" + recording + ",astats=metadata=1:reset=1", "-show_entries",
                "frame=pts_time:frame_tags=lavfi.astats.Overall.RMS_level", "-of", "csv=p=0")), -40);
        assertTrue(flashes.size() >= SECONDS / 2 - 3, "flashes found: " + flashes);
        assertTrue(beeps.size() >= SECONDS / 2 - 3, "beeps found: " + beeps);
        double worst = 0;
        for (double flash : flashes) {
            double nearest = beeps.stream().mapToDouble(b -> Math.abs(b - flash)).min().orElse(99);
            worst = Math.max(worst, nearest);
        }
        System.out.printf("A/V offset over %d s: worst %.3f s across %d flashes%n", SECONDS, worst, flashes.size());
        assertTrue(worst < 0.1, "a flash and its beep were " + worst + " s apart; flashes " + flashes + " beeps " + beeps);
    }
}
