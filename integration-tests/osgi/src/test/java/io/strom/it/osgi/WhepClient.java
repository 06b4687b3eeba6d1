package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;

/**
 * WHEP requests over the JDK's HTTP client to the {@code webrtc} protocol server, at whatever
 * loopback port it listens on now (it changes when the bundle restarts). Every request is
 * bounded by {@link #TIMEOUT}: generous, because the first offer in a framework pays for ice4j's
 * start-up (several seconds on a loaded two-core machine).
 */
final class WhepClient {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String SDP = "application/sdp";

    private final BundleContext context;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    WhepClient(BundleContext context) {
        this.context = context;
    }

    /** Whether the WHEP server is registered (and so listening). */
    boolean serving() {
        return ProtocolBundleCycle.listenAddress(context, "webrtc") != null;
    }

    /** {@code POST /<path>/whep} with an SDP offer. */
    HttpResponse<String> offer(String path, String sdp) throws IOException, InterruptedException {
        return send("POST", "/" + path + "/whep", SDP, sdp);
    }

    /** Posts the browser offer to {@code path}, checks the 201 answer, and returns the session's location. */
    String createSession(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = offer(path, WhepOffers.browser());
        assertEquals("POST /" + path + "/whep: " + r.body(), 201, r.statusCode());
        assertEquals(SDP, r.headers().firstValue("Content-Type").orElse(""));
        List<String> candidates = candidateAddresses(r.body());
        assertFalse("the answer has host candidates", candidates.isEmpty());
        for (String address : candidates) {
            assertTrue("loopback-only candidate, not " + address, InetAddress.getByName(address).isLoopbackAddress());
        }
        String location = r.headers().firstValue("Location").orElse(null);
        assertNotNull("201 without Location", location);
        return location;
    }

    HttpResponse<String> delete(String location) throws IOException, InterruptedException {
        return send("DELETE", location, null, null);
    }

    /** A request; {@code contentType} and {@code body} may be null for none. */
    HttpResponse<String> send(String method, String target, String contentType, String body)
            throws IOException, InterruptedException {
        InetSocketAddress address = ProtocolBundleCycle.listenAddress(context, "webrtc");
        assertNotNull("the WebRTC server is not registered", address);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + address.getPort() + target))
                .timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The connection addresses of the {@code a=candidate} lines of an SDP. */
    static List<String> candidateAddresses(String sdp) {
        List<String> out = new ArrayList<>();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=candidate:")) {
                out.add(line.split(" ")[4]);
            }
        }
        return out;
    }
}
