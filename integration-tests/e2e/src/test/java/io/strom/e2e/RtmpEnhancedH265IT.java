package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * H265 published over Enhanced RTMP ({@code hvc1}), which ffmpeg 5.1 cannot send: {@link RtmpTestClient}
 * publishes a libx265 stream in real time, and ffprobe and a decoding ffmpeg read it over RTSP.
 */
class RtmpEnhancedH265IT {

    private static final String PATH = "live/h265";
    private static final int READ_SECONDS = 2;
    private static StromServer server;
    private static List<Hevc.AccessUnit> units;
    private static byte[] config;

    @BeforeAll
    static void start() {
        Path cache = Path.of(System.getProperty("strom.work.dir", "target/e2e")).resolve("h265-320x240-30fps-4s.hevc");
        List<byte[]> nals = Hevc.splitAnnexB(Hevc.encode(4, cache));
        units = Hevc.accessUnits(nals);
        config = Hevc.decoderConfigurationRecord(nals);
        server = StromServer.start("");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Publishes the access units in a loop at 30 fps until stopped: SequenceStart, then CodedFramesX. */
    private static final class Publisher implements AutoCloseable {
        final RtmpTestClient client = new RtmpTestClient();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicInteger sent = new AtomicInteger();
        volatile boolean running = true;
        final Thread thread;

        Publisher(String app, String stream) throws Exception {
            client.connectAndPublish("127.0.0.1", server.rtmpPort(), app, stream);
            thread = new Thread(this::run, "rtmp-h265-publisher");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                client.sendVideo(0, EnhancedRtmpTags.sequenceStart("hvc1", config));
                long start = System.nanoTime();
                for (int frame = 0; running; frame++) {
                    Hevc.AccessUnit au = units.get(frame % units.size()); // the stream starts on a keyframe: loops stay decodable
                    long timestampMs = frame * 1000L / 30;
                    long wait = start + TimeUnit.MILLISECONDS.toNanos(timestampMs) - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait); // real time, without drifting from the 33.3 ms period
                    }
                    client.sendVideo(timestampMs, EnhancedRtmpTags.codedFramesX("hvc1", au.keyframe(), au.lengthPrefixed()));
                    sent.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                if (running) {
                    failure.set(t);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
            client.close();
        }
    }

    @Test
    void h265PublishedOverEnhancedRtmpIsDescribedAndDecodedOverRtsp() throws Exception {
        assertTrue(units.get(0).keyframe(), "the encoded stream starts on a keyframe");
        Publisher publisher = new Publisher("live", "h265");
        try {
            try {
                Await.until(PATH + " is ready", Duration.ofSeconds(20),
                        () -> publisher.failure.get() != null || server.readyPath(PATH) != null);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " (" + publisher.sent.get() + " frames sent, the server said "
                        + publisher.client.commands() + ")\n" + server.logTail(), publisher.failure.get());
            }
            assertNull(publisher.failure.get(), "the publisher is sending");
            assertEquals("[\"H265\"]", server.readyPath(PATH).get("tracks").toString());

            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                    "stream=codec_name,width,height", "-of", "csv=p=0", server.rtspUrl(PATH)).redirectErrorStream(true).start();
            assertTrue(probe.waitFor(20, TimeUnit.SECONDS), "ffprobe finished");
            assertEquals("hevc,320,240", new String(probe.getInputStream().readAllBytes()).trim());

            Path progress = server.workDir().resolve("h265-reader.progress");
            Path log = server.workDir().resolve("h265-reader.log");
            Process reader = server.startProcess(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                    "-rtsp_transport", "tcp", "-i", server.rtspUrl(PATH), "-t", Integer.toString(READ_SECONDS),
                    "-map", "0:v:0", "-f", "null", "-", "-progress", progress.toString()), log);
            assertTrue(reader.waitFor(READ_SECONDS + 20, TimeUnit.SECONDS), "reader finished");
            int frames = Ffmpeg.frames(progress);
            assertTrue(frames >= 50, frames + " frames decoded in " + READ_SECONDS + " s, see " + log);
            assertNull(publisher.failure.get(), "the publisher kept sending");
        } finally {
            publisher.close();
        }
        assertNull(publisher.failure.get(), "the publisher kept sending");
        Await.until("the path is gone with its publisher", Duration.ofSeconds(10), () -> server.readyPath(PATH) == null);
    }
}
