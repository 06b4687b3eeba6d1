package io.strom.ice.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn {@code turnserver} on 127.0.0.1 with one long-term user, its own relay port range
 * and its files in a temporary directory; {@link #close} kills it and waits. Fails (does not
 * skip) when coturn is missing, since {@code ./strom test} installs it.
 */
final class CoturnServer implements AutoCloseable {

    static final String USER = "u";
    static final String PASSWORD = "p";

    final int port;
    final int minRelayPort;
    final int maxRelayPort;
    private final Path dir;
    private final Process process;

    private CoturnServer(Path dir, int port, int minRelayPort, Process process) {
        this.dir = dir;
        this.port = port;
        this.minRelayPort = minRelayPort;
        this.maxRelayPort = minRelayPort + 49;
        this.process = process;
    }

    static CoturnServer start() throws Exception {
        Path exe = onPath("turnserver");
        if (exe == null) {
            fail("turnserver (coturn) is not installed: `./strom test` installs it (Debian package coturn)");
        }
        Path dir = Files.createTempDirectory("strom-coturn");
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        int minRelay = ThreadLocalRandom.current().nextInt(40000, 59000);
        Process p = new ProcessBuilder(List.of(exe.toString(), "-n", "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1", "--listening-port=" + port, "--min-port=" + minRelay,
                "--max-port=" + (minRelay + 49), "--lt-cred-mech", "--user=" + USER + ":" + PASSWORD,
                "--realm=strom", "--verbose", "--no-tls", "--no-dtls", "--no-tcp", "--allow-loopback-peers", "--no-cli",
                "--log-file=stdout", "--simple-log", "--pidfile=" + dir.resolve("turnserver.pid"),
                "--userdb=" + dir.resolve("turndb")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.log").toFile()).start();
        CoturnServer server = new CoturnServer(dir, port, minRelay, p);
        try {
            server.awaitAnswering();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(File.pathSeparator)) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Sends STUN Binding requests until one is answered (at most 5 s). */
    private void awaitAnswering() throws IOException {
        byte[] request = new byte[20];
        request[1] = 0x01; // Binding request, no attributes
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42;
        for (int i = 8; i < 20; i++) {
            request[i] = (byte) ThreadLocalRandom.current().nextInt(256);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(100);
            byte[] answer = new byte[512];
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail("turnserver exited with " + process.exitValue() + ":\n" + log());
                }
                s.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
                try {
                    s.receive(new DatagramPacket(answer, answer.length));
                    return;
                } catch (SocketTimeoutException notYet) {
                    // still starting
                }
            }
        }
        fail("turnserver did not answer STUN on 127.0.0.1:" + port + " within 5 s:\n" + log());
    }

    /** A {@code webrtcICEServers2} entry for this server with {@code password}. */
    String entry(String password) {
        return "turn:127.0.0.1:" + port + "?transport=udp," + USER + "," + password;
    }

    String log() {
        try {
            return Files.readString(dir.resolve("turnserver.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
