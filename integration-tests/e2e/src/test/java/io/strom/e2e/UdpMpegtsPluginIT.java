package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.e2e.WebRtcClients.WhepPeer;
import io.strom.e2e.WebRtcClients.WhepRun;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The example protocol plugin (bundles/example-udp-mpegts), deployed the way a plugin author
 * would: its jar and a FileInstall {@code .cfg} per source dropped into {@code deploy/} of a
 * running server. ffmpeg publishes MPEG-TS over UDP; ffmpeg/ffprobe read it over RTSP and aiortc
 * over WHEP; garbage datagrams are counted without stopping the stream; a bad configuration is
 * refused with its field named; removing the jar frees the UDP ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UdpMpegtsPluginIT {

    private static final int SECONDS = 10;
    private static final int FPS = 30;
    private static final String RTSP_PATH = "ts/aac";
    private static final String WHEP_PATH = "ts/opus";
    private static final Pattern GARBAGE = Pattern.compile("(\\d+) garbage datagrams dropped");
    private static StromServer server;
    private static int aacPort;
    private static int opusPort;
    private static Path deployedJar;

    @BeforeAll
    static void deploy() throws IOException {
        server = StromServer.start("");
        aacPort = StromServer.freeUdpPort();
        opusPort = StromServer.freeUdpPort();
        Path jar;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("strom.plugin.dir", "target/plugins")))) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("example-udp-mpegts")).findFirst().orElseThrow();
        }
        Path deploy = server.dataDir().resolve("deploy");
        deployedJar = deploy.resolve(jar.getFileName());
        Files.copy(jar, deployedJar);
        // FileInstall: <factory PID>-<name>.cfg is one factory configuration.
        Files.writeString(deploy.resolve("io.strom.example.udpmpegts-aac.cfg"),
                "path=" + RTSP_PATH + "\naddress=127.0.0.1:" + aacPort + "\n");
        Files.writeString(deploy.resolve("io.strom.example.udpmpegts-opus.cfg"),
                "path=" + WHEP_PATH + "\naddress=127.0.0.1:" + opusPort + "\n");
        Await.until("the plugin listens on both ports", Duration.ofSeconds(15),
                () -> !canBind(aacPort) && !canBind(opusPort));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** ffmpeg as an MPEG-TS/UDP encoder: 320x240 H264 at 30 fps (1 s GOP, no B-frames) plus {@code audioCodec}. */
    private static void publish(int port, String audioCodec, String path) {
        server.startProcess(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning",
                "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=" + FPS,
                "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-bf", "0",
                "-c:a", audioCodec, "-b:a", "64k",
                "-f", "mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316"),
                server.workDir().resolve("publish-" + path.replace('/', '_') + ".log"));
        Await.until(path + " is ready", Duration.ofSeconds(10), () -> server.readyPath(path) != null);
    }

    @Test
    @Order(1)
    void h264AndAacOverUdpAreReadableOverRtspAndGarbageIsCountedWhileTheStreamGoesOn() throws Exception {
        publish(aacPort, "aac", RTSP_PATH);
        assertEquals("aac\nh264,320,240", RtmpIT.ffprobe(server.rtspUrl(RTSP_PATH), "-rtsp_transport", "tcp"));

        long before = garbageCounted();
        sendGarbage(aacPort, 200);
        Await.until("200 garbage datagrams are counted", Duration.ofSeconds(10), () -> garbageCounted() >= before + 200);

        Path progress = server.workDir().resolve("rtsp-reader.progress");
        Process reader = server.startProcess(Ffmpeg.readRtsp(server.rtspUrl(RTSP_PATH), SECONDS, progress),
                server.workDir().resolve("rtsp-reader.log"));
        sendGarbage(aacPort, 200); // more while the reader plays
        assertTrue(reader.waitFor(SECONDS + 20, TimeUnit.SECONDS), "reader finished");
        int frames = Ffmpeg.frames(progress);
        assertTrue(frames >= 0.95 * SECONDS * FPS, frames + " frames of " + SECONDS * FPS);
        assertTrue(server.isAlive());
    }

    @Test
    @Order(2)
    void h264AndOpusOverUdpPlayOverWhep() {
        publish(opusPort, "libopus", WHEP_PATH);
        WhepRun run = WebRtcClients.aiortcReaders(server.whepUrl(WHEP_PATH), 1, Duration.ofSeconds(SECONDS), false);
        assertEquals(1, run.connected(), run.errors() + " " + run.log());
        WhepPeer peer = run.peers().get(0);
        assertEquals("H264", peer.videoCodec());
        assertEquals("opus", peer.audioCodec());
        double expected = FPS * (SECONDS - peer.connectMs() / 1000.0);
        assertTrue(peer.videoFrames() >= 0.9 * expected, peer.videoFrames() + " video frames, expected about " + expected);
        assertTrue(peer.audioFrames() >= 0.9 * 50 * (SECONDS - peer.connectMs() / 1000.0),
                peer.audioFrames() + " audio frames (20 ms each)");
    }

    @Test
    @Order(3)
    void aBadSourceConfigurationIsRejectedWithTheFieldNamedAndTheOtherSourcesGoOn() throws IOException {
        Files.writeString(server.dataDir().resolve("deploy").resolve("io.strom.example.udpmpegts-bad.cfg"),
                "path=ts/bad\naddress=nowhere\n");
        Await.until("the rejection is logged", Duration.ofSeconds(10),
                () -> server.log().contains("configuration rejected: address: 'nowhere'"));
        assertTrue(server.readyPath(RTSP_PATH) != null, "the good source still publishes");
        assertTrue(server.isAlive());
    }

    @Test
    @Order(4)
    void removingTheJarFromDeployFreesTheUdpPorts() throws IOException {
        assertThrows(SocketException.class, () -> new DatagramSocket(new InetSocketAddress("127.0.0.1", aacPort)).close(),
                "the plugin holds its port");
        Files.delete(deployedJar);
        Await.until("both UDP ports are free", Duration.ofSeconds(15), () -> canBind(aacPort) && canBind(opusPort));
        Await.until("the path has no publisher", Duration.ofSeconds(10), () -> server.readyPath(RTSP_PATH) == null);
        assertTrue(server.isAlive());
    }

    /** The last count of garbage datagrams the plugin logged, 0 before the first. */
    private static long garbageCounted() {
        Matcher m = GARBAGE.matcher(server.log());
        long last = 0;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    /** Datagrams that are not MPEG-TS: random sizes and bytes, and 188-byte packets without the sync byte. */
    private static void sendGarbage(int port, int count) throws IOException {
        Random random = new Random(port);
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            for (int i = 0; i < count; i++) {
                byte[] junk = new byte[i % 2 == 0 ? 1 + random.nextInt(1400) : 188 * (1 + random.nextInt(7))];
                random.nextBytes(junk);
                junk[0] = 0x46; // never the sync byte 0x47
                socket.send(new DatagramPacket(junk, junk.length, loopback, port));
            }
        }
    }

    private static boolean canBind(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }
}
