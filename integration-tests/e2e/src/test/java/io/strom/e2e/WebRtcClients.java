package io.strom.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real WebRTC clients of the end-to-end tests, each run as its own process that prints one JSON
 * object: {@code webrtc/whep_readers.py} (N aiortc WHEP readers in one process) and
 * {@code webrtc/chromium_reader.js} (headless Chromium playing the server's player page). See
 * {@code src/test/resources/webrtc/README.md} for the fields. A missing client fails the test rather
 * than skipping it: {@code ./strom test} installs python3-aiortc, chromium and playwright-core.
 */
final class WebRtcClients {

    /** Debian's interpreter: aiortc is a Debian package, invisible to a pyenv {@code python3} on PATH. */
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Both scripts promise to end within SECONDS + 30 s; past this margin the process is killed. */
    private static final Duration MARGIN = Duration.ofSeconds(40);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
    private static final String INSTALL_HINT = " (./strom test installs it)";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static volatile boolean aiortcChecked;
    private static volatile boolean chromiumChecked;

    private WebRtcClients() {
    }

    /** How the aiortc readers negotiate; {@link #DEFAULT} is what aiortc 1.4.0 does by itself. */
    record AiortcOptions(boolean decode, boolean trickle, String srtpProfiles, String iceIp) {

        static final AiortcOptions DEFAULT = new AiortcOptions(false, false, "SRTP_AES128_CM_SHA1_80", "127.0.0.1");

        /** Decodes (about 2.5 times the CPU) and reports the decoded size. */
        AiortcOptions decoding() {
            return new AiortcOptions(true, trickle, srtpProfiles, iceIp);
        }

        /** Posts the offer without candidates and sends them in a PATCH (RFC 8840). */
        AiortcOptions trickling() {
            return new AiortcOptions(decode, true, srtpProfiles, iceIp);
        }

        /** Offers these OpenSSL SRTP profiles, colon-separated, most preferred first, e.g. "SRTP_AEAD_AES_128_GCM". */
        AiortcOptions offering(String profiles) {
            return new AiortcOptions(decode, trickle, profiles, iceIp);
        }
    }

    /** One aiortc reader's session as {@code whep_readers.py} reports it. */
    record WhepPeer(int index, String location, Integer postStatus, Integer patchStatus, Integer deleteStatus,
            List<String> states, boolean connectedAtEnd, Integer connectMs, int videoFrames, int audioFrames,
            String videoCodec, String audioCodec, Integer width, Integer height, String srtpProfile) {
    }

    /** A run of N aiortc readers; {@code connected} counts those still connected at the end of the run. */
    record WhepRun(int readers, int connected, List<Integer> videoFrames, List<Integer> audioFrames,
            Integer width, Integer height, List<String> srtpProfiles, List<String> errors, List<WhepPeer> peers,
            int exitCode, String log) {

        int minVideoFrames() {
            return videoFrames.stream().mapToInt(Integer::intValue).min().orElse(0);
        }

        int minAudioFrames() {
            return audioFrames.stream().mapToInt(Integer::intValue).min().orElse(0);
        }
    }

    /** What the page's {@code <video id="video">} shows. */
    record Video(int width, int height, double currentTime, boolean paused, int readyState) {
    }

    /** The page's inbound-rtp video entry of getStats(); absent counters are 0. */
    record InboundVideo(long framesReceived, long framesDecoded, long framesDropped, long nackCount, long pliCount,
            long packetsReceived, long packetsLost, long bytesReceived, int frameWidth, int frameHeight,
            long keyFramesDecoded, String codec) {
    }

    /** The page's inbound-rtp audio entry of getStats(). */
    record InboundAudio(long packetsReceived, long packetsLost, long bytesReceived, long concealedSamples, String codec) {
    }

    /** The transport entry of getStats(): {@code srtpCipher} is e.g. "SRTP_AES128_CM_HMAC_SHA1_80" or "AEAD_AES_128_GCM". */
    record Transport(String srtpCipher, String dtlsCipher, String tlsVersion, String dtlsState, String dtlsRole,
            String iceState, String iceRole) {
    }

    /** A candidate of the selected pair; Chromium reports "" as the address of its mDNS-hidden local candidates. */
    record Candidate(String candidateType, String address, int port, String protocol) {
    }

    record SelectedPair(String state, boolean nominated, Candidate local, Candidate remote) {
    }

    /** The local description's candidates, and how many of them are {@code .local} (mDNS) names. */
    record LocalCandidates(int total, int mdns) {
    }

    /** One Chromium page run; the nested parts are null when the page never got that far (see {@code errors}). */
    record ChromiumRun(String page, boolean mdns, String connectionState, Long connectMs, Long firstFrameMs,
            Video video, InboundVideo inboundVideo, InboundAudio inboundAudio, Transport transport,
            SelectedPair selectedPair, LocalCandidates localCandidates, List<String> consoleErrors,
            List<String> errors, int exitCode, String log) {
    }

    /** {@code n} aiortc readers of {@code whepUrl} for {@code duration}, counting frames without decoding unless {@code decode}. */
    static WhepRun aiortcReaders(URI whepUrl, int n, Duration duration, boolean decode) {
        return aiortcReaders(whepUrl, n, duration, decode ? AiortcOptions.DEFAULT.decoding() : AiortcOptions.DEFAULT);
    }

    static WhepRun aiortcReaders(URI whepUrl, int n, Duration duration, AiortcOptions options) {
        requireAiortc();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script("whep_readers.py").toString(),
                whepUrl.toString(), Integer.toString(n), seconds(duration),
                "--ice-ip", options.iceIp(), "--srtp-profile", options.srtpProfiles()));
        if (options.decode()) {
            command.add("--decode");
        }
        if (options.trickle()) {
            command.add("--trickle");
        }
        return JSON.convertValue(run("aiortc", command, Map.of(), duration), WhepRun.class);
    }

    /** Headless Chromium on the player page {@code pageUrl} for {@code duration}; mDNS candidate hiding stays on unless {@code mdnsOff}. */
    static ChromiumRun chromium(URI pageUrl, Duration duration, boolean mdnsOff) {
        return chromium(pageUrl, duration, mdnsOff ? List.of("--mdns-off") : List.of());
    }

    /** Headless Chromium on a publishing page, its camera and microphone Chromium's generated ones. */
    static ChromiumRun chromiumPublisher(URI publishPage, Duration duration) {
        return chromium(publishPage, duration, List.of("--fake-media"));
    }

    private static ChromiumRun chromium(URI pageUrl, Duration duration, List<String> options) {
        requireChromium();
        List<String> command = new ArrayList<>(List.of("node", script("chromium_reader.js").toString(),
                pageUrl.toString(), seconds(duration)));
        command.addAll(options);
        // The script's ancestors reach integration-tests/node_modules too; NODE_PATH says it outright.
        Map<String, String> env = Map.of("NODE_PATH", nodeModules().toString());
        return JSON.convertValue(run("chromium", command, env, duration), ChromiumRun.class);
    }

    /**
     * Headless Chromium driven by another playwright script of the test resources ({@code resource},
     * like {@code hls/chromium_hls.js}) with {@code args}; returns the JSON object it prints.
     */
    static JsonNode chromiumScript(String resource, List<String> args, Duration duration) {
        return chromiumScript(resource(resource), args, duration);
    }

    /** Like {@link #chromiumScript(String, List, Duration)} for a script file elsewhere (the repository's bench/). */
    static JsonNode chromiumScript(Path script, List<String> args, Duration duration) {
        requireChromium();
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(args);
        return run("chromium", command, Map.of("NODE_PATH", nodeModules().toString()), duration);
    }

    /** Runs a client to its end or kills it (and its children) past duration + margin; returns its JSON plus exit code and log path. */
    private static JsonNode run(String name, List<String> command, Map<String, String> env, Duration duration) {
        Path dir = workDir(name);
        Path out = dir.resolve("out.json");
        Path log = dir.resolve("stderr.log");
        Process p = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile());
            pb.environment().putAll(env);
            p = pb.start();
            if (!p.waitFor(duration.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS)) {
                destroy(p);
                throw new AssertionError(name + " client did not end within " + duration.plus(MARGIN) + ": "
                        + command + "\n" + tail(log));
            }
            String stdout = Files.readString(out).trim();
            JsonNode json;
            try {
                json = JSON.readTree(stdout);
            } catch (IOException e) {
                json = null;
            }
            if (!(json instanceof ObjectNode)) {
                throw new AssertionError(name + " client exited with " + p.exitValue() + " and printed no JSON object: "
                        + stdout + "\n" + tail(log));
            }
            ((ObjectNode) json).put("exit_code", p.exitValue()).put("log", log.toString());
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            destroy(p); // the test no longer wants it (a publisher run for "as long as the tests need")
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " client interrupted", e);
        }
    }

    private static void destroy(Process p) {
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static void requireAiortc() {
        if (aiortcChecked) {
            return;
        }
        if (!Files.isExecutable(PYTHON)) {
            throw new AssertionError(PYTHON + " is missing" + INSTALL_HINT);
        }
        check(List.of(PYTHON.toString(), "-c", "import aiortc, aiohttp, pylibsrtp"),
                "python3-aiortc and python3-aiohttp are not importable by " + PYTHON + INSTALL_HINT);
        aiortcChecked = true;
    }

    private static void requireChromium() {
        if (chromiumChecked) {
            return;
        }
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError(CHROMIUM + " is missing" + INSTALL_HINT);
        }
        if (!Files.isDirectory(nodeModules().resolve("playwright-core"))) {
            throw new AssertionError("playwright-core is not in " + nodeModules() + INSTALL_HINT);
        }
        check(List.of("node", "--version"), "node is not on PATH" + INSTALL_HINT);
        chromiumChecked = true;
    }

    private static void check(List<String> command, String failure) {
        try {
            Path output = Files.createTempFile(workDir("check"), "check", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(failure + ": " + command + " did not end within " + CHECK_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(failure + ": " + tail(output));
            }
        } catch (IOException e) {
            throw new AssertionError(failure + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** npm ci in integration-tests (as ./strom test runs it) puts playwright-core here. */
    private static Path nodeModules() {
        return StromServer.repositoryRoot().resolve("integration-tests").resolve("node_modules");
    }

    /** The script as a file: test resources are copied to target/test-classes, under integration-tests/. */
    private static Path script(String name) {
        return resource("webrtc/" + name);
    }

    private static Path resource(String name) {
        URL url = WebRtcClients.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is not on the class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(Duration d) {
        return Double.toString(d.toMillis() / 1000.0);
    }

    private static Path workDir(String name) {
        try {
            Path base = Path.of(System.getProperty("strom.work.dir", "target/e2e")).toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        String all = Files.exists(log) ? Files.readString(log) : "";
        return all.length() > 4000 ? "..." + all.substring(all.length() - 4000) : all;
    }
}
