package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Malformed and out-of-order RTSP gets its status code, and the server goes on serving. */
class RtspBadInputIT {

    private static StromServer server;

    @BeforeAll
    static void start() {
        server = StromServer.start("paths:\n  cam:\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String req(String method, String path, int cseq, String... headers) {
        return RtspClient.req(server.rtspPort(), method, path, cseq, headers);
    }

    @Test
    void eachProblemGetsItsStatusAndTheConnectionGoesOn() throws Exception {
        try (RtspClient c = new RtspClient(server.rtspPort())) {
            assertEquals(200, c.send(req("OPTIONS", "cam", 1)));
            assertTrue(c.last.contains("Public: OPTIONS, DESCRIBE"), c.last);
            assertEquals(400, c.send(req("OPTIONS", "cam", -1)), "no CSeq");
            assertEquals(501, c.send(req("FROBNICATE", "cam", 2)), "unknown method");
            assertEquals(404, c.send(req("DESCRIBE", "cam", 3)), "no publisher");
            assertEquals(404, c.send(req("DESCRIBE", "not-configured", 4)), "no configuration for the path");
            assertEquals(400, c.send(req("DESCRIBE", "bad//name", 5)), "invalid path name");
            assertEquals(454, c.send(req("GET_PARAMETER", "cam", 6, "Session: 12345678")), "unknown session");
            assertEquals(455, c.send(req("PLAY", "cam", 7)), "PLAY before SETUP");
            assertEquals(455, c.send(req("RECORD", "cam", 8)), "RECORD before ANNOUNCE");
            assertEquals(461, c.send(req("SETUP", "cam/trackID=0", 9, "Transport: RTP/SAVP;unicast;client_port=5000-5001")),
                    "an unsupported transport profile");
            assertEquals(400, c.send(req("SETUP", "cam/trackID=0", 9, "Transport: RTP/AVP;unicast")),
                    "UDP without client ports");
            String badSdp = "this is not SDP";
            assertEquals(400, c.send(req("ANNOUNCE", "cam", 10, "Content-Type: application/sdp",
                    "Content-Length: " + badSdp.length()).replace("\r\n\r\n", "\r\n\r\n" + badSdp)), "invalid SDP");
            // An interleaved frame on a channel nobody set up is dropped; the connection still answers.
            c.out.write(new byte[] {'$', 7, 0, 3, 1, 2, 3});
            assertEquals(200, c.send(req("OPTIONS", "cam", 11)));
        }
    }

    @Test
    void setupOfATrackThatDoesNotExistIs404() throws Exception {
        String sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:streamid=0\r\n";
        try (RtspClient pub = new RtspClient(server.rtspPort()); RtspClient reader = new RtspClient(server.rtspPort())) {
            assertEquals(200, pub.send(req("ANNOUNCE", "cam", 1, "Content-Type: application/sdp",
                    "Content-Length: " + sdp.length()).replace("\r\n\r\n", "\r\n\r\n" + sdp)));
            String session = pub.last.replaceAll("(?s).*Session: ([0-9a-f]+).*", "$1");
            assertEquals(404, pub.send(req("SETUP", "cam/streamid=5", 2, "Session: " + session,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record")), "an announced track that does not exist");
            assertEquals(200, pub.send(req("SETUP", "cam/streamid=0", 3, "Session: " + session,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record")));
            assertEquals(200, pub.send(req("RECORD", "cam", 4, "Session: " + session)));
            // Garbage on the media channel is counted and dropped, not fatal.
            pub.out.write(new byte[] {'$', 0, 0, 2, 9, 9});
            assertEquals(200, reader.send(req("DESCRIBE", "cam", 1)));
            assertEquals(404, reader.send(req("SETUP", "cam/trackID=3", 2, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1")));
            assertEquals(200, pub.send(req("GET_PARAMETER", "cam", 5, "Session: " + session)), "the publisher goes on");
        }
    }

    @Test
    void garbageAndOversizedRequestsGet400AndOnlyTheirConnectionCloses() throws Exception {
        try (RtspClient c = new RtspClient(server.rtspPort())) {
            assertEquals(400, c.send("\u0001\u0002garbage that is not RTSP\r\n\r\n"));
            assertEquals(-1, c.readStatus(), "closed after an unframeable request");
        }
        try (RtspClient c = new RtspClient(server.rtspPort())) {
            assertEquals(400, c.send(req("OPTIONS", "cam", 1, "X-Pad: " + "a".repeat(70_000))));
        }
        try (RtspClient c = new RtspClient(server.rtspPort())) {
            assertEquals(200, c.send(req("OPTIONS", "cam", 1)), "the server goes on");
        }
        Await.until("server alive", Duration.ofSeconds(1), server::isAlive);
    }
}
