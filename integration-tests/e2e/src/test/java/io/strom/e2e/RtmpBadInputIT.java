package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Malformed RTMP is refused or closes only its own connection; path refusals are onStatus errors. */
class RtmpBadInputIT {

    private static StromServer server;

    @BeforeAll
    static void start() {
        server = StromServer.start("""
                authInternalUsers:
                  - user: any
                    permissions: [{action: publish, path: "~^(?!secret$)"}, {action: read, path: "~^(?!secret$)"}]
                  - user: alice
                    pass: s3cret
                    permissions: [{action: publish, path: secret}, {action: read, path: secret}]
                  - user: any
                    ips: [127.0.0.1]
                    permissions: [{action: api}]
                paths:
                  locked:
                    overridePublisher: no
                  all_others:
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A raw connection that has done the plain handshake. */
    private static Socket handshaken() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.rtmpPort());
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(3);
        out.write(new byte[1536]);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        in.readFully(new byte[1 + 1536 + 1536]);
        out.write(new byte[1536]); // C2
        out.flush();
        return s;
    }

    /** Reads until the server closes; answers whether it did within the socket timeout. */
    private static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // whatever the server sent before closing
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    /** A type-0 chunk on chunk stream 2 carrying one message of {@code type} with {@code payload}. */
    private static byte[] chunk(int type, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x02);
        b.write(0); b.write(0); b.write(0); // timestamp
        b.write(payload.length >> 16); b.write(payload.length >> 8); b.write(payload.length);
        b.write(type);
        b.write(0); b.write(0); b.write(0); b.write(0); // message stream id
        b.write(payload, 0, payload.length);
        return b.toByteArray();
    }

    private static boolean serverAnswersAHandshake() throws IOException {
        try (Socket s = handshaken()) {
            return s.isConnected();
        }
    }

    @Test
    void aWrongHandshakeVersionIsRefused() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.rtmpPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(6);
            s.getOutputStream().write(new byte[1536]);
            s.getOutputStream().flush();
            assertEquals(-1, s.getInputStream().read(), "closed without an answer");
        }
        assertTrue(serverAnswersAHandshake(), "the server goes on");
    }

    @Test
    void anAbsurdChunkSizeOrMessageLengthClosesOnlyThatConnection() throws Exception {
        try (Socket s = handshaken()) {
            s.getOutputStream().write(chunk(1, new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
            s.getOutputStream().flush();
            assertTrue(closedByServer(s));
        }
        try (Socket s = handshaken()) {
            byte[] header = chunk(20, new byte[0]);
            header[4] = (byte) 0xFF; // a 16 MiB message, over the server's 8 MiB limit
            header[5] = (byte) 0xFF;
            header[6] = (byte) 0xFF;
            s.getOutputStream().write(header);
            s.getOutputStream().flush();
            assertTrue(closedByServer(s));
        }
        assertTrue(serverAnswersAHandshake(), "the server goes on");
        Await.until("both protocol errors are logged", Duration.ofSeconds(5),
                () -> server.log().contains("absurd chunk size") && server.log().contains("message length"));
    }

    @Test
    void aChunkOnAStreamNeverStartedAndUnknownAmfTypesCloseTheConnection() throws Exception {
        try (Socket s = handshaken()) {
            s.getOutputStream().write(new byte[] {(byte) 0xC5, 1, 2, 3}); // fmt 3 on chunk stream 5, never started
            s.getOutputStream().flush();
            assertTrue(closedByServer(s));
        }
        try (Socket s = handshaken()) {
            byte[] amf = {0x02, 0x00, 0x07, 'c', 'o', 'n', 'n', 'e', 'c', 't', 0x00, 0x3F, (byte) 0xF0, 0, 0, 0, 0, 0, 0, 0x0F};
            s.getOutputStream().write(chunk(20, amf)); // "connect", 1, then an XML marker (0x0F)
            s.getOutputStream().flush();
            assertTrue(closedByServer(s));
        }
        assertTrue(serverAnswersAHandshake(), "the server goes on");
    }

    /** Runs ffmpeg/ffprobe to the end and returns its output. */
    private static String run(java.util.List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void playingAPathWithoutPublisherAndPublishingATakenPathAreRefused() throws Exception {
        String play = run(java.util.List.of("ffprobe", "-v", "error", server.rtmpUrl("nobody/here")));
        assertTrue(server.log().contains("NetStream.Play.StreamNotFound"), play + server.logTail());
        Process first = server.startProcess(Ffmpeg.publishRtmp(server.rtmpUrl("locked"), "aac"),
                server.workDir().resolve("locked-1.log"));
        Await.until("locked is published", Duration.ofSeconds(20),
                () -> server.getJson("/v3/paths/list").get("items").toString().contains("\"locked\""));
        java.util.List<String> second = new java.util.ArrayList<>(Ffmpeg.publishRtmp(server.rtmpUrl("locked"), "aac"));
        second.add(second.indexOf("-f"), "-t");
        second.add(second.indexOf("-f"), "5");
        String out = run(second);
        assertTrue(first.isAlive(), "the first publisher goes on");
        assertTrue(server.log().contains("NetStream.Publish.BadName"), out + server.logTail());
        first.destroy();
    }

    @Test
    void queryStringCredentialsAreCheckedAgainstTheInternalUsers() throws Exception {
        java.util.List<String> anonymous = new java.util.ArrayList<>(Ffmpeg.publishRtmp(server.rtmpUrl("secret"), "aac"));
        anonymous.add(anonymous.indexOf("-f"), "-t");
        anonymous.add(anonymous.indexOf("-f"), "3");
        run(anonymous);
        Await.until("the refusal is logged", Duration.ofSeconds(5),
                () -> server.log().contains("NetStream.Publish.Unauthorized"));
        Process alice = server.startProcess(Ffmpeg.publishRtmp(server.rtmpUrl("secret?user=alice&pass=s3cret"), "aac"),
                server.workDir().resolve("alice.log"));
        Await.until("alice publishes", Duration.ofSeconds(20),
                () -> server.getJson("/v3/paths/list").get("items").toString().contains("\"secret\""));
        assertEquals("aac\nh264,320,240", RtmpIT.ffprobe(server.rtmpUrl("secret?user=alice&pass=s3cret")));
        assertTrue(!server.log().contains("s3cret"), "passwords never reach the log");
        alice.destroy();
    }
}
