package io.strom.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthManager;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API over real HTTP: the JDK client against the Netty listener. */
class ApiServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Fakes.Paths paths = new Fakes.Paths();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile boolean anonymousAllowed = true;
    /** Anybody without credentials, or admin/secret; every question recorded. */
    private final AuthManager auth = request -> {
        asked.add(request.protocol() + " " + request.action() + " " + request.ip().getHostAddress() + " " + request.credentials());
        if (request.action() != AuthAction.API) {
            return AuthResult.deny("not the API");
        }
        if (request.credentials() instanceof Credentials.Token t) {
            return t.token().equals("good-token") ? AuthResult.allow("token") : AuthResult.deny("bad token");
        }
        if (request.credentials() instanceof Credentials.Password p) {
            return p.user().equals("admin") && p.password().equals("secret") ? AuthResult.allow("admin")
                    : AuthResult.deny("wrong password");
        }
        return anonymousAllowed ? AuthResult.allow("") : AuthResult.deny("credentials required");
    };
    private ApiServer server;
    private int port;

    static ApiServer.Config config(boolean on, String address) {
        return new ApiServer.Config() {
            @Override
            public boolean api() {
                return on;
            }

            @Override
            public String apiAddress() {
                return address;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ApiServer.Config.class;
            }
        };
    }

    @BeforeEach
    void start() throws Exception {
        server = new ApiServer(config(true, "127.0.0.1:0"), paths, auth);
        port = server.localAddress().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersJsonAndServesRegisteredServersAndTheStore() throws Exception {
        paths.paths.add(Fakes.path("cam", true));
        HttpResponse<String> r = send(request("/v3/paths/list"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        assertTrue(r.body().contains("\"name\":\"cam\""), r.body());

        assertEquals(404, send(request("/v3/webrtcsessions/list")).statusCode());
        Fakes.Server webrtc = new Fakes.Server("webrtc", List.of("webrtc"), io.strom.api.protocol.ProtocolServer.SESSIONS);
        server.addServer(webrtc);
        assertEquals(200, send(request("/v3/webrtcsessions/list")).statusCode());
        server.removeServer(webrtc);
        assertEquals(404, send(request("/v3/webrtcsessions/list")).statusCode());

        assertEquals(503, send(request("/v3/config/global/get")).statusCode());
        Fakes.Config store = new Fakes.Config();
        server.setConfigStore(store);
        HttpResponse<String> patched = send(request("/v3/config/global/patch").method("PATCH",
                HttpRequest.BodyPublishers.ofString("{\"writeQueueSize\":64}")));
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("{\"status\":\"ok\"}", patched.body());
        assertEquals(64, store.global.get("writeQueueSize"));
        HttpResponse<String> wrong = send(request("/v3/config/global/patch").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, wrong.statusCode());
        assertEquals("PATCH", wrong.headers().firstValue("allow").orElse(""));
        server.unsetConfigStore(store);
        assertEquals(503, send(request("/v3/config/global/get")).statusCode());
    }

    @Test
    void everyRequestIsAskedOfTheAuthManagerAndRefusalsAre401() throws Exception {
        assertEquals(200, send(request("/v3/paths/list")).statusCode());
        assertEquals("api API 127.0.0.1 " + Credentials.NONE, asked.get(0));

        anonymousAllowed = false;
        HttpResponse<String> none = send(request("/v3/paths/list"));
        assertEquals(401, none.statusCode());
        assertEquals("Basic realm=\"strom\"", none.headers().firstValue("www-authenticate").orElse(""));
        assertEquals("{\"status\":\"error\",\"error\":\"authentication error\"}", none.body());

        HttpResponse<String> wrong = send(request("/v3/paths/list").header("Authorization", basic("admin", "guess")));
        assertEquals(401, wrong.statusCode());
        assertTrue(asked.get(asked.size() - 1).contains("Password[user=admin]"), "the password is never printed");
        assertEquals(200, send(request("/v3/paths/list").header("Authorization", "Bearer good-token")).statusCode());
        assertEquals(200, send(request("/v3/paths/list?jwt=good-token&itemsPerPage=5")).statusCode());
        assertEquals(401, send(request("/v3/paths/list?jwt=bad-token")).statusCode());

        assertEquals(200, send(request("/v3/paths/list").header("Authorization", basic("admin", "secret"))).statusCode());
        assertEquals(401, send(request("/v3/paths/list").header("Authorization", "Basic !!!")).statusCode());
    }

    @Test
    void garbageGets400AndTheServerGoesOn() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write("\u0001\u0002 garbage garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.") && answer.contains(" 400 "), answer);
        }
        HttpResponse<String> big = send(request("/v3/config/global/patch").method("PATCH",
                HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "y".repeat(ApiServer.MAX_BODY) + "\"}")));
        assertEquals(413, big.statusCode());
        assertEquals(200, send(request("/v3/paths/list")).statusCode());
    }

    @Test
    void closeFreesThePortAnOffApiBindsNothingAndABadAddressNamesTheField() throws Exception {
        server.close();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
        ApiServer off = new ApiServer(config(false, "127.0.0.1:0"), paths, auth);
        assertNull(off.localAddress());
        off.close();
        server = off;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ApiServer(config(true, "nonsense"), paths, auth));
        assertTrue(e.getMessage().startsWith("apiAddress"), e.getMessage());
    }
}
