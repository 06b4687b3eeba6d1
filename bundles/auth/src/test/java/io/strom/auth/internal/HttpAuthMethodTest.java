package io.strom.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a JDK HTTP server on loopback that allows alice/secret and records what it is asked. */
class HttpAuthMethodTest {

    private final AtomicLong nanos = new AtomicLong();
    private LoopbackHttpServer backend;

    @BeforeEach
    void start() throws Exception {
        backend = new LoopbackHttpServer(body -> body.contains("\"user\":\"alice\",\"password\":\"secret\"")
                ? new LoopbackHttpServer.Answer(200, "") : new LoopbackHttpServer.Answer(401, "no"));
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private HttpAuthMethod method(URI address, long cacheNanos, String... exclude) {
        return new HttpAuthMethod(address, List.of(exclude).stream().map(Permission::parse).toList(), cacheNanos,
                Duration.ofSeconds(2), HttpClient.newHttpClient(), nanos::get);
    }

    private static AuthRequest req(AuthAction action, String path, Credentials c) {
        return new AuthRequest("rtmp", action, path, InetAddress.getLoopbackAddress(), c, "user=alice&x=\"1\"", "");
    }

    @Test
    void theBackendDecidesAndGetsMediaMtxsJson() {
        HttpAuthMethod http = method(backend.uri("/auth"), 0);
        AuthResult ok = http.check(req(AuthAction.PUBLISH, "cam", new Credentials.Password("alice", "secret")));
        assertTrue(ok.allowed(), ok.reason());
        assertEquals("alice", ok.user());
        AuthResult no = http.check(req(AuthAction.PUBLISH, "cam", new Credentials.Password("alice", "guess")));
        assertEquals("HTTP authentication backend answered 401", no.reason());
        assertEquals("{\"ip\":\"127.0.0.1\",\"user\":\"alice\",\"password\":\"secret\",\"token\":\"\",\"action\":\"publish\","
                + "\"path\":\"cam\",\"protocol\":\"rtmp\",\"id\":null,\"query\":\"user=alice&x=\\\"1\\\"\"}", backend.requests.get(0));
        http.check(req(AuthAction.READ, "cam", new Credentials.Token("t0k")));
        assertTrue(backend.requests.get(2).contains("\"token\":\"t0k\""));
    }

    @Test
    void answersAreCachedPerRequestForTheConfiguredTime() {
        HttpAuthMethod http = method(backend.uri("/auth"), Duration.ofSeconds(2).toNanos());
        var alice = req(AuthAction.READ, "cam", new Credentials.Password("alice", "secret"));
        assertTrue(http.check(alice).allowed());
        assertTrue(http.check(alice).allowed());
        assertFalse(http.check(req(AuthAction.READ, "cam", new Credentials.Password("alice", "x"))).allowed());
        assertFalse(http.check(req(AuthAction.READ, "cam", new Credentials.Password("alice", "x"))).allowed());
        assertEquals(2, backend.requests.size(), "one call per distinct request while cached");
        assertTrue(http.check(req(AuthAction.READ, "other", new Credentials.Password("alice", "secret"))).allowed());
        assertEquals(3, backend.requests.size(), "another path is another key");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(http.check(alice).allowed());
        assertEquals(4, backend.requests.size(), "asked again once expired");
    }

    @Test
    void excludedActionsAreNotForwarded() {
        HttpAuthMethod http = method(backend.uri("/auth"), 0, "api", "metrics", "pprof", "read:~^public/");
        assertTrue(http.check(req(AuthAction.API, "", Credentials.NONE)).allowed());
        assertTrue(http.check(req(AuthAction.METRICS, "", Credentials.NONE)).allowed());
        assertTrue(http.check(req(AuthAction.READ, "public/a", Credentials.NONE)).allowed());
        assertEquals(0, backend.requests.size());
        assertFalse(http.check(req(AuthAction.READ, "private", Credentials.NONE)).allowed());
        assertEquals(1, backend.requests.size());
    }

    @Test
    void anUnreachableBackendRefusesAndIsNotCached() throws Exception {
        URI nowhere;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/auth"); // closed once the block ends
        }
        HttpAuthMethod http = method(nowhere, Duration.ofSeconds(10).toNanos());
        AuthResult r = http.check(req(AuthAction.READ, "cam", new Credentials.Password("alice", "secret")));
        assertFalse(r.allowed());
        assertTrue(r.reason().startsWith("HTTP authentication backend unreachable"), r.reason());
    }
}
