package io.strom.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The runtime jar started as its own process for one test class: a generated {@code strom.yml}
 * on free loopback ports, a fresh data folder, output captured to {@code server.log}. Ready when
 * the API and the Web Console answer. {@link #close()} stops it and every process a test started through
 * {@link #startProcess}, and fails the test if Netty reported a buffer leak.
 */
public final class StromServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Generous: each protocol server stops its Netty loops gracefully (up to 2 s each) in turn. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final List<Process> ALL = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // A test JVM that dies mid-test still takes its processes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(Process::destroyForcibly)));
    }

    private final Path dir;
    private final Path dataDir;
    private final Path config;
    private final Path log;
    private final int apiPort;
    private final int consolePort;
    private final int rtspPort = freePort();
    private final int rtspsPort = freePort();
    private final int rtmpPort = freePort();
    private final int rtmpsPort = freePort();
    private final int rtpPort = freeUdpPort();
    private final int webrtcPort = freePort();
    private final int hlsPort = freePort();
    private final int iceUdpPort = freeUdpPort();
    private final int rtcpPort = freeUdpPort();
    private final int metricsPort = freePort();
    private final int pprofPort = freePort();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();
    private Process server;
    /** The Authorization header sent to the control API, or null: the API asks the AuthManager for every request. */
    private String apiAuthorization;

    private StromServer(Path dir, Path dataDir, int apiPort, int consolePort) {
        this.dir = dir;
        this.dataDir = dataDir;
        this.config = dir.resolve("strom.yml");
        this.log = dir.resolve("server.log");
        this.apiPort = apiPort;
        this.consolePort = consolePort;
    }

    /** Starts a server whose strom.yml is the generated ports plus {@code extraYaml}. */
    public static StromServer start(String extraYaml) {
        return start(extraYaml, null);
    }

    /**
     * Like {@link #start(String)}, sending {@code apiAuthorization} (e.g. {@code "Bearer <jwt>"})
     * with every API request, for a configuration whose users do not open the API to loopback.
     */
    public static StromServer start(String extraYaml, String apiAuthorization) {
        Path dir = newWorkDir();
        StromServer s = new StromServer(dir, dir.resolve("data"), freePort(), freePort());
        s.apiAuthorization = apiAuthorization;
        s.writeConfig(extraYaml);
        s.launch();
        return s;
    }

    /** Starts a new process on the same data folder and configuration; this one must be stopped. */
    public StromServer restart() {
        if (server != null && server.isAlive()) {
            throw new IllegalStateException("stop the server first");
        }
        launch();
        return this;
    }

    /** The generated part of strom.yml: the API and the console on free loopback ports. */
    public String baseYaml() {
        return "api: yes\napiAddress: 127.0.0.1:" + apiPort + "\nconsoleAddress: 127.0.0.1:" + consolePort
                + "\nrtspAddress: 127.0.0.1:" + rtspPort + "\nrtspsAddress: 127.0.0.1:" + rtspsPort
                + "\nrtpAddress: 127.0.0.1:" + rtpPort + "\nrtcpAddress: 127.0.0.1:" + rtcpPort
                + "\nrtmpAddress: 127.0.0.1:" + rtmpPort + "\nrtmpsAddress: 127.0.0.1:" + rtmpsPort
                + "\nhlsAddress: 127.0.0.1:" + hlsPort
                + "\nwebrtcAddress: 127.0.0.1:" + webrtcPort + "\nwebrtcLocalUDPAddress: 127.0.0.1:" + iceUdpPort
                // addresses only: metrics and pprof stay off unless a test's yaml turns them on
                + "\nmetricsAddress: 127.0.0.1:" + metricsPort + "\npprofAddress: 127.0.0.1:" + pprofPort
                // ICE candidates on loopback only: this machine's other interfaces are not for tests
                + "\nwebrtcIPsFromInterfaces: no\nwebrtcAdditionalHosts: [127.0.0.1]\n";
    }

    /** Replaces strom.yml with the generated part plus {@code extraYaml}; a running server sees the edit. */
    public void writeConfig(String extraYaml) {
        try {
            Files.writeString(config, baseYaml() + extraYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        try {
            Files.createDirectories(dataDir.resolve("deploy"));
            ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx512m",
                    "-Dio.netty.leakDetection.level=paranoid",
                    "-Dlaunch.storage.dir=" + dataDir.resolve("felix"),
                    "-Dfelix.fileinstall.dir=" + dataDir.resolve("deploy"),
                    "-Dstrom.data=" + dataDir,
                    "-Dstrom.config=" + config,
                    "-jar", runtimeJar().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            server = pb.start();
            ALL.add(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("server exited with " + server.exitValue() + ":\n" + logTail());
            }
            try {
                // Ready when the API answers and the Web Console's port accepts requests.
                if (get("/v3/paths/list").statusCode() == 200 && console("/system/console", null, null).statusCode() > 0) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            sleep(200);
        }
        throw new AssertionError("server not ready within " + START_TIMEOUT + ":\n" + logTail());
    }

    /** GET on the control API. */
    public HttpResponse<String> get(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).GET();
        if (apiAuthorization != null) {
            b.header("Authorization", apiAuthorization);
        }
        return send(b);
    }

    /** GET on the control API, expecting 200 and JSON. */
    /** The {@code /v3/paths/list} item of {@code path} once it is ready (has a publisher), else null. */
    public JsonNode readyPath(String path) {
        for (JsonNode item : getJson("/v3/paths/list").get("items")) {
            if (item.get("name").asText().equals(path) && item.get("ready").asBoolean()) {
                return item;
            }
        }
        return null;
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " returned no JSON: " + r.body(), e);
        }
    }

    /** A request to the Web Console, with Basic credentials unless {@code user} is null. */
    public HttpResponse<String> console(String path, String user, String pass) {
        return send(consoleRequest(path, user, pass).GET());
    }

    /** A request builder for the Web Console, with Basic credentials unless {@code user} is null. */
    public HttpRequest.Builder consoleRequest(String path, String user, String pass) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consolePort + path))
                .timeout(Duration.ofSeconds(20));
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
            b.header("Authorization", "Basic " + token);
        }
        return b;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a helper process (ffmpeg, a browser...) that is stopped with the server. */
    public Process startProcess(List<String> command, Path output) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            started.add(p);
            ALL.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does, and returns the exit code. */
    public int interrupt() {
        return stop("INT");
    }

    /** Stops the server with SIGTERM (then SIGKILL after a bound) and returns the exit code. */
    public int stop() {
        return stop("TERM");
    }

    private int stop(String signal) {
        if (server == null) {
            return -1;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).start().waitFor();
            if (!server.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
                throw new AssertionError("server did not stop within " + STOP_TIMEOUT + " of SIG" + signal);
            }
            return server.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            ALL.remove(server);
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ALL.remove(p);
        }
        if (server != null && server.isAlive()) {
            stop();
        }
        String output = log();
        if (output.contains("LEAK:")) {
            throw new AssertionError("Netty reported a buffer leak:\n" + logTail());
        }
    }

    public boolean isAlive() {
        return server != null && server.isAlive();
    }

    public int apiPort() {
        return apiPort;
    }

    public int consolePort() {
        return consolePort;
    }

    public int metricsPort() {
        return metricsPort;
    }

    public int pprofPort() {
        return pprofPort;
    }

    public int rtspPort() {
        return rtspPort;
    }

    /** The RTSP URL of a path on this server. */
    public String rtspUrl(String path) {
        return "rtsp://127.0.0.1:" + rtspPort + "/" + path;
    }

    public int rtmpPort() {
        return rtmpPort;
    }

    /** The RTMP URL of a path on this server: "live/h265" is app "live", stream "h265". */
    public String rtmpUrl(String path) {
        return "rtmp://127.0.0.1:" + rtmpPort + "/" + path;
    }

    /** The WHEP endpoint of {@code path}. */
    public java.net.URI whepUrl(String path) {
        return java.net.URI.create("http://127.0.0.1:" + webrtcPort + "/" + path + "/whep");
    }

    /** The WebRTC player page of {@code path}. */
    public java.net.URI webrtcPage(String path) {
        return java.net.URI.create("http://127.0.0.1:" + webrtcPort + "/" + path + "/");
    }

    /** The shared ICE UDP port. */
    public int iceUdpPort() {
        return iceUdpPort;
    }

    /** The HLS server's URL of {@code file} under {@code path}, like {@code http://127.0.0.1:p/cam/index.m3u8}. */
    public java.net.URI hlsUrl(String path, String file) {
        return java.net.URI.create("http://127.0.0.1:" + hlsPort + "/" + path + "/" + file);
    }

    public String rtmpsUrl(String path) {
        return "rtmps://127.0.0.1:" + rtmpsPort + "/" + path;
    }

    /** The RTSPS URL of {@code path}, with {@code userInfo} ("user:pass@") or "". */
    public String rtspsUrl(String userInfo, String path) {
        return "rtsps://" + userInfo + "127.0.0.1:" + rtspsPort + "/" + path;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path workDir() {
        return dir;
    }

    /** Everything the server printed so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the log ends now; {@link #logSince} shows only what was printed after it. */
    public int logMark() {
        return log().length();
    }

    /**
     * What the server printed after {@code mark}, for waiting on a line that an earlier state
     * (the start-up, say) may also have printed.
     */
    public String logSince(int mark) {
        String all = log();
        return all.substring(Math.min(mark, all.length()));
    }

    public String logTail() {
        String all = log();
        return all.length() > 6000 ? "..." + all.substring(all.length() - 6000) : all;
    }

    static Path runtimeJar() {
        Path jar = Path.of(System.getProperty("strom.runtime.jar", "../../runtime/target/strom.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no runtime jar at " + jar + ": build with ./strom build");
        }
        return jar.toAbsolutePath().normalize();
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("strom.root", "../..")).toAbsolutePath().normalize();
    }

    static Path newWorkDir() {
        try {
            Path base = Path.of(System.getProperty("strom.work.dir", "target/e2e"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base.toAbsolutePath(), "server-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Ports handed out in this JVM: the OS may offer a just-closed probe port again. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A TCP port that was free a moment ago on 127.0.0.1 and not handed out before in this JVM. */
    public static int freePort() {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A UDP port that was free a moment ago on 127.0.0.1 and not handed out before in this JVM. */
    public static int freeUdpPort() {
        while (true) {
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(-s.getLocalPort())) { // negative: UDP, a namespace apart from TCP
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
