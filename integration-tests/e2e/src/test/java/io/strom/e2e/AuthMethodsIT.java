package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each authMethod allows and denies with real clients: ffmpeg publishing and ffprobe reading over
 * RTSP and RTMP, and WHEP offers POSTed with the JDK HttpClient (201 or 401). The HTTP backend and
 * the JWKS server are JDK HTTP servers in this test; the JWTs are signed here with the JDK's crypto.
 */
class AuthMethodsIT {

    /** "strom-secret" hashed by the reference argon2 implementation (libargon2: -id -t 3 -m 12 -p 2). */
    private static final String ARGON2 =
            "argon2:$argon2id$v=19$m=4096,t=3,p=2$c2FsdHNhbHRzYWx0MTIzNA$cU5H3Da4kcyFYPtdAvcbFZ6aPbhNHYVK3MLe5Zkp7E8";
    /** Keeps the control API and metrics reachable from loopback, as the default users do. */
    private static final String LOCAL_API_USER = """
              - user: any
                ips: [127.0.0.1, "::1"]
                permissions: [{action: api}, {action: metrics}, {action: pprof}]
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one client presents its credentials over each protocol. */
    private record Client(Function<String, String> rtsp, Function<String, String> rtmp,
                          Function<String, HttpRequest.Builder> whep) {
    }

    private static String rtspWithUser(StromServer s, String userInfo, String path) {
        return "rtsp://" + userInfo + "@127.0.0.1:" + s.rtspPort() + "/" + path;
    }

    private static HttpRequest.Builder whepWithHeader(StromServer s, String path, String authorization) {
        return HttpRequest.newBuilder(s.whepUrl(path)).header("Authorization", authorization);
    }

    private static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    private static Client password(StromServer s, String user, String pass) {
        return new Client(path -> rtspWithUser(s, user + ":" + pass, path),
                path -> s.rtmpUrl(path) + "?user=" + user + "&pass=" + pass,
                path -> whepWithHeader(s, path, basic(user, pass)));
    }

    private static Client jwt(StromServer s, String token) {
        return new Client(path -> s.rtspUrl(path) + "?jwt=" + token, path -> s.rtmpUrl(path) + "?jwt=" + token,
                path -> whepWithHeader(s, path, "Bearer " + token));
    }

    @Test
    void internalUsersWithAnArgon2Password() throws Exception {
        try (StromServer s = StromServer.start("""
                authMethod: internal
                authInternalUsers:
                  - user: alice
                    pass: "%s"
                    permissions: [{action: publish}, {action: read}]
                """.formatted(ARGON2) + LOCAL_API_USER)) {
            allowsAndDenies(s, "internal", password(s, "alice", "strom-secret"), password(s, "alice", "strom-guess"));
            assertFalse(s.log().contains("strom-secret") || s.log().contains("strom-guess"), "no password in the log");
        }
    }

    @Test
    void anHttpBackendDecides() throws Exception {
        List<JsonNode> asked = new CopyOnWriteArrayList<>();
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.createContext("/auth", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            asked.add(body);
            boolean ok = body.path("user").asText().equals("alice") && body.path("password").asText().equals("secret");
            exchange.sendResponseHeaders(ok ? 200 : 401, -1);
            exchange.close();
        });
        backend.start();
        // authHTTPExclude: [metrics, pprof] puts the control API's requests before the backend too.
        try (StromServer s = StromServer.start("""
                authMethod: http
                authHTTPAddress: http://127.0.0.1:%d/auth
                authHTTPCacheTime: 1s
                authHTTPExclude: [{action: metrics}, {action: pprof}]
                """.formatted(backend.getAddress().getPort()), basic("alice", "secret"))) {
            allowsAndDenies(s, "http", password(s, "alice", "secret"), password(s, "alice", "guess"));
            URI paths = URI.create("http://127.0.0.1:" + s.apiPort() + "/v3/paths/list");
            assertEquals(200, s.send(HttpRequest.newBuilder(paths).header("Authorization", basic("alice", "secret")).GET())
                    .statusCode(), "the backend allows the control API");
            assertEquals(401, s.send(HttpRequest.newBuilder(paths).header("Authorization", basic("alice", "guess")).GET())
                    .statusCode(), "the backend refuses the control API");
            for (String[] expected : new String[][] {{"rtsp", "publish"}, {"rtsp", "read"}, {"rtmp", "publish"},
                    {"rtmp", "read"}, {"webrtc", "read"}, {"webrtc", "publish"}}) {
                assertTrue(asked.stream().anyMatch(b -> b.path("protocol").asText().equals(expected[0])
                        && b.path("action").asText().equals(expected[1]) && b.path("ip").asText().equals("127.0.0.1")
                        && b.path("path").asText().startsWith("http/")), "the backend was asked " + String.join(" ", expected));
            }
            assertTrue(asked.stream().anyMatch(b -> b.path("protocol").asText().equals("api")
                    && b.path("action").asText().equals("api")), "the backend was asked for the control API");
            assertTrue(asked.stream().anyMatch(b -> b.path("query").asText().equals("user=alice&pass=secret")),
                    "the RTMP query reaches the backend");
            assertFalse(s.log().contains("secret") || s.log().contains("guess"), "no password in the log");
        } finally {
            backend.stop(0);
        }
    }

    @Test
    void jwtsSignedByAJwksKey() throws Exception {
        TestJwt keys = TestJwt.create();
        String jwks = keys.jwks();
        HttpServer jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        jwksServer.createContext("/jwks.json", exchange -> {
            byte[] out = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        jwksServer.start();
        long now = System.currentTimeMillis() / 1000;
        // ES256 for RTSP and RTMP (ffmpeg caps an RTMP stream name at 512 bytes), RS256 as WHEP's bearer token.
        String es = keys.es256(TestJwt.claims(now + 600, "publish", "", "read", ""));
        String rs = keys.rs256(TestJwt.claims(now + 600, "publish", "", "read", ""));
        String expired = keys.es256(TestJwt.claims(now - 600, "publish", "", "read", ""));
        // The control API asks the AuthManager too: the harness presents a token with the api permission.
        String api = keys.rs256(TestJwt.claims(now + 600, "api", ""));
        try (StromServer s = StromServer.start("""
                authMethod: jwt
                authJWTJWKS: http://127.0.0.1:%d/jwks.json
                authJWTClaimKey: mediamtx_permissions
                """.formatted(jwksServer.getAddress().getPort()), "Bearer " + api)) {
            Client good = new Client(path -> s.rtspUrl(path) + "?jwt=" + es, path -> s.rtmpUrl(path) + "?jwt=" + es,
                    path -> whepWithHeader(s, path, "Bearer " + rs));
            allowsAndDenies(s, "jwt", good, jwt(s, expired));

            // The control API: the token with the api permission reads it, a media-only or forged one does not.
            URI paths = URI.create("http://127.0.0.1:" + s.apiPort() + "/v3/paths/list");
            assertEquals(200, s.send(HttpRequest.newBuilder(paths).header("Authorization", "Bearer " + api).GET()).statusCode());
            assertEquals(401, s.send(HttpRequest.newBuilder(paths).header("Authorization", "Bearer " + rs).GET()).statusCode(),
                    "a token without the api permission");
            assertEquals(401, s.send(HttpRequest.newBuilder(paths).header("Authorization", "Bearer " + TestJwt.tampered(api))
                    .GET()).statusCode(), "a forged token");

            // Failed logins from one address wait longer and longer; a success in between resets that.
            assertEquals(201, whep(s, HttpRequest.newBuilder(URI.create(s.whepUrl("jwt/cam") + "?jwt=" + es))).statusCode(),
                    "?jwt= in the WHEP URL");
            String forged = TestJwt.tampered(es);
            assertTrue(RtmpIT.ffprobe(s.rtspUrl("jwt/cam") + "?jwt=" + forged, "-rtsp_transport", "tcp").contains("401"),
                    "a bad signature is refused over RTSP");
            String readOnly = keys.es256(TestJwt.claims(now + 600, "read", "jwt/cam"));
            assertTrue(RtmpIT.ffprobe(s.rtmpUrl("jwt/cam") + "?jwt=" + readOnly).contains("h264"), "read on its path");
            assertEquals(401, whep(s, whepWithHeader(s, "jwt/cam", "Bearer " + TestJwt.tampered(rs))).statusCode(),
                    "a bad signature is refused over WHEP");
            assertRefusedPublisher(s, Ffmpeg.publishRtmp(s.rtmpUrl("jwt/other") + "?jwt=" + readOnly, "aac"), "jwt/other");
            assertFalse(s.log().contains(es) || s.log().contains(rs) || s.log().contains(forged), "no token in the log");
        } finally {
            jwksServer.stop(0);
        }
    }

    /**
     * The matrix every method passes: with {@code good} credentials ffmpeg publishes over RTSP and
     * RTMP and ffprobe reads over both, a WHEP offer and a WHIP offer get 201; with {@code bad} ones each is refused.
     */
    private static void allowsAndDenies(StromServer s, String tag, Client good, Client bad) throws Exception {
        String cam = tag + "/cam";
        s.startProcess(Ffmpeg.publishRtsp(good.rtsp().apply(cam), "aac"), s.workDir().resolve("publish-rtsp.log"));
        Await.until(cam + " is published over RTSP", Duration.ofSeconds(20), () -> s.readyPath(cam) != null);
        assertStreams(RtmpIT.ffprobe(good.rtsp().apply(cam), "-rtsp_transport", "tcp"), "RTSP read");
        String refused = RtmpIT.ffprobe(bad.rtsp().apply(cam), "-rtsp_transport", "tcp");
        assertTrue(refused.contains("401"), "RTSP read with bad credentials: " + refused);

        String rtmp = tag + "/rtmp";
        s.startProcess(Ffmpeg.publishRtmp(good.rtmp().apply(rtmp), "aac"), s.workDir().resolve("publish-rtmp.log"));
        Await.until(rtmp + " is published over RTMP", Duration.ofSeconds(20), () -> s.readyPath(rtmp) != null);
        assertRefusedPublisher(s, Ffmpeg.publishRtsp(bad.rtsp().apply(tag + "/bad-rtsp"), "aac"), tag + "/bad-rtsp");

        assertStreams(RtmpIT.ffprobe(good.rtmp().apply(cam)), "RTMP read");
        assertFalse(RtmpIT.ffprobe(bad.rtmp().apply(cam)).contains("h264"), "RTMP read with bad credentials");

        HttpResponse<String> offer = whep(s, good.whep().apply(cam));
        assertEquals(201, offer.statusCode(), offer.body());
        String location = offer.headers().firstValue("Location").orElseThrow();
        assertEquals(200, s.send(good.whep().apply(cam).uri(URI.create("http://127.0.0.1:" + s.whepUrl(cam).getPort()
                + location)).DELETE()).statusCode());
        assertRefusedPublisher(s, Ffmpeg.publishRtmp(bad.rtmp().apply(tag + "/bad-rtmp"), "aac"), tag + "/bad-rtmp");
        assertEquals(401, whep(s, bad.whep().apply(cam)).statusCode(), "WHEP with bad credentials");

        // WHIP: the same credentials, as a publisher's sendonly offer to /<path>/whip.
        String browser = tag + "/browser";
        URI whip = URI.create(s.webrtcPage(browser) + "whip");
        HttpResponse<String> publish = whip(s, good.whep().apply(browser).uri(whip));
        assertEquals(201, publish.statusCode(), publish.body());
        assertEquals(200, s.send(good.whep().apply(browser).uri(URI.create("http://127.0.0.1:" + whip.getPort()
                + publish.headers().firstValue("Location").orElseThrow())).DELETE()).statusCode());
        assertEquals(401, whip(s, bad.whep().apply(browser).uri(whip)).statusCode(), "WHIP with bad credentials");
    }

    private static HttpResponse<String> whip(StromServer s, HttpRequest.Builder request) {
        return s.send(request.header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(h264Offer().replace("a=recvonly", "a=sendonly"))));
    }

    /** ffprobe found both streams (it may also warn about joining mid-GOP). */
    private static void assertStreams(String ffprobe, String what) {
        assertTrue(ffprobe.lines().anyMatch("aac"::equals) && ffprobe.lines().anyMatch("h264,320,240"::equals),
                what + ": " + ffprobe);
    }

    private static void assertRefusedPublisher(StromServer s, List<String> command, String path) throws Exception {
        Process p = s.startProcess(command, s.workDir().resolve("refused-" + path.replace('/', '_') + ".log"));
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "a refused publisher gives up");
        assertTrue(p.exitValue() != 0, "a refused publisher fails");
        assertNull(s.readyPath(path), path + " was not published");
    }

    private static HttpResponse<String> whep(StromServer s, HttpRequest.Builder request) {
        return s.send(request.header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(h264Offer())));
    }

    /** A receive-only offer with one H264 video section, in the shape browsers send. */
    private static String h264Offer() {
        return String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
                "m=video 9 UDP/TLS/RTP/SAVPF 102", "c=IN IP4 0.0.0.0", "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
                "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB", "a=setup:actpass", "a=mid:0", "a=recvonly",
                "a=rtcp-mux", "a=rtpmap:102 H264/90000",
                "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", "");
    }
}
