package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.WhepRun;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WHIP with a real browser: headless Chromium publishes its generated camera and microphone
 * from the server's {@code /<path>/publish} page, and RTSP, RTMP and WHEP readers get the stream.
 */
class WhipIT {

    /** Longer than the tests take: the publisher is stopped when they are done. */
    private static final int PUBLISH_SECONDS = 150;
    private static final int READ_SECONDS = 10;
    private static final String PATH = "browser";
    private static StromServer server;
    private static Thread publisher;

    @BeforeAll
    static void start() {
        server = StromServer.start("paths:\n  " + PATH + ":\n    overridePublisher: no\n  all_others:\n");
        URI page = URI.create(server.webrtcPage(PATH) + "publish");
        publisher = new Thread(() -> WebRtcClients.chromiumPublisher(page, Duration.ofSeconds(PUBLISH_SECONDS)),
                "chromium-publisher");
        publisher.start();
        Await.until(PATH + " is published by Chromium", Duration.ofSeconds(60), () -> server.readyPath(PATH) != null);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        publisher.interrupt(); // ends the Chromium process
        publisher.join(10_000);
        server.close();
    }

    @Test
    void rtspAndWhepReadersGetTheBrowsersVideoAndAudio() throws Exception {
        String probe = RtmpIT.ffprobe(server.rtspUrl(PATH), "-rtsp_transport", "tcp");
        assertTrue(probe.contains("opus") && probe.contains("h264"), "ffprobe over RTSP: " + probe);
        WhepRun whep = WebRtcClients.aiortcReaders(server.whepUrl(PATH), 1, Duration.ofSeconds(READ_SECONDS), true);
        assertEquals(1, whep.connected(), whep.errors() + " " + whep.log());
        assertTrue(whep.minVideoFrames() > 10 * (READ_SECONDS - 3), "decoded frames " + whep.videoFrames());
        Path progress = server.workDir().resolve("whip-rtsp-reader.progress");
        Process reader = server.startProcess(Ffmpeg.readRtsp(server.rtspUrl(PATH), READ_SECONDS, progress),
                server.workDir().resolve("whip-rtsp-reader.log"));
        assertTrue(reader.waitFor(READ_SECONDS + 20, java.util.concurrent.TimeUnit.SECONDS));
        // Chromium's generated camera is 30 fps but its encoder adapts the rate: ask for 20 of them.
        assertTrue(Ffmpeg.frames(progress) >= 20 * READ_SECONDS * 0.95, "RTSP frames " + Ffmpeg.frames(progress));
    }

    @Test
    void rtmpReadersGetTheVideoWithoutOpusAndALogLine() throws Exception {
        assertTrue(RtmpIT.ffprobe(server.rtmpUrl(PATH)).startsWith("h264,"), "ffprobe over RTMP");
        Await.until("the log says why", Duration.ofSeconds(5),
                () -> server.log().contains("of '" + PATH + "' gets no Opus track: RTMP cannot carry it"));
    }

    @Test
    void badOffersGetTheirStatusAndAReason() {
        HttpResponse<String> r = post(whip("other"), "application/sdp", "hello");
        assertEquals(400, r.statusCode());
        r = post(whip("other"), "application/sdp", WhepIT.vp8OnlyOffer());
        assertEquals(400, r.statusCode(), "a recvonly offer publishes nothing");
        assertTrue(r.body().contains("no codec Strom can ingest"), r.body());
        r = post(whip(PATH), "application/sdp", WhepIT.vp8OnlyOffer().replace("a=recvonly", "a=sendonly"));
        assertEquals(409, r.statusCode(), "the path is published already: " + r.body());
        assertEquals(405, server.send(HttpRequest.newBuilder(whip("other")).GET()).statusCode());
    }

    private static URI whip(String path) {
        return URI.create(server.webrtcPage(path) + "whip");
    }

    private static HttpResponse<String> post(URI uri, String contentType, String body) {
        return server.send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
