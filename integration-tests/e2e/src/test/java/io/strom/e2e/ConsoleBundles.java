package io.strom.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * Bundles stopped, started and updated through the Felix Web Console's REST interface, as an
 * operator's script would: {@code GET /system/console/bundles.json} lists them,
 * {@code POST /system/console/bundles/<id>} with {@code action=stop|start} changes one, and a
 * multipart {@code action=install} upload of a jar whose symbolic name is installed updates that
 * bundle in place. The server's default console credentials (admin/admin) are used.
 */
final class ConsoleBundles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(20);

    private final StromServer server;
    private final String user;
    private final String pass;

    ConsoleBundles(StromServer server) {
        this(server, "admin", "admin");
    }

    ConsoleBundles(StromServer server, String user, String pass) {
        this.server = server;
        this.user = user;
        this.pass = pass;
    }

    /** The bundle's entry in {@code bundles.json} (id, symbolicName, state, version...). */
    JsonNode bundle(String symbolicName) {
        HttpResponse<String> r = server.console("/system/console/bundles.json", user, pass);
        if (r.statusCode() != 200) {
            throw new AssertionError("bundles.json -> " + r.statusCode() + " " + r.body());
        }
        try {
            for (JsonNode b : JSON.readTree(r.body()).get("data")) {
                if (symbolicName.equals(b.path("symbolicName").asText())) {
                    return b;
                }
            }
        } catch (IOException e) {
            throw new AssertionError("bundles.json is not JSON: " + r.body(), e);
        }
        throw new AssertionError("no bundle " + symbolicName + " in the Web Console's list");
    }

    String state(String symbolicName) {
        return bundle(symbolicName).path("state").asText();
    }

    /** Stops the bundle and waits until the console reports it Resolved. */
    void stop(String symbolicName) {
        action(symbolicName, "stop");
        awaitState(symbolicName, "Resolved");
    }

    /** Starts the bundle and waits until the console reports it Active. */
    void start(String symbolicName) {
        action(symbolicName, "start");
        awaitState(symbolicName, "Active");
    }

    /** Uploads {@code jar} as the new content of the installed bundle of the same symbolic name; waits until it is Active again. */
    void update(String symbolicName, Path jar) {
        long before = bundle(symbolicName).path("id").asLong();
        String boundary = "strom-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            field(body, boundary, "action", "install");
            field(body, boundary, "bundlestart", "start");
            field(body, boundary, "refreshPackages", "true");
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<String> r = server.send(server.consoleRequest("/system/console/bundles", user, pass)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        if (r.statusCode() >= 400) {
            throw new AssertionError("update of " + symbolicName + " -> " + r.statusCode() + " " + r.body());
        }
        awaitState(symbolicName, "Active");
        if (bundle(symbolicName).path("id").asLong() != before) {
            throw new AssertionError(symbolicName + " was installed again instead of updated");
        }
    }

    private void action(String symbolicName, String action) {
        long id = bundle(symbolicName).path("id").asLong();
        HttpResponse<String> r = server.send(server.consoleRequest("/system/console/bundles/" + id, user, pass)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=" + action)));
        if (r.statusCode() >= 400) {
            throw new AssertionError(action + " " + symbolicName + " -> " + r.statusCode() + " " + r.body());
        }
    }

    private void awaitState(String symbolicName, String state) {
        Await.until(symbolicName + " is " + state, STATE_TIMEOUT, () -> state.equals(state(symbolicName)));
    }

    private static void field(ByteArrayOutputStream out, String boundary, String name, String value) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }
}
