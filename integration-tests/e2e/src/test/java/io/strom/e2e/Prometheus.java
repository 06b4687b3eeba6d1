package io.strom.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A scrape of Strom's {@code /metrics}, parsed by the Prometheus client library's own text-format
 * parser ({@code prometheus_client.parser}, Debian's python3-prometheus-client), not by regular
 * expressions: a response it cannot parse fails the test.
 *
 * <p>The parser names a counter family without its {@code _total} suffix and gives every counter
 * sample the suffix; {@link #family}, {@link #samples} and {@link #sum} take either form.
 */
final class Prometheus {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTALL_HINT = " (./strom test installs python3-prometheus-client)";

    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Family(String name, String type, String help, List<Sample> samples) {
    }

    private final List<Family> families;

    private Prometheus(List<Family> families) {
        this.families = families;
    }

    /** Parses an exposition; AssertionError with the parser's message when it is not valid. */
    static Prometheus parse(String exposition) {
        Path python = WebRtcClients.PYTHON;
        if (!Files.isExecutable(python)) {
            throw new AssertionError(python + " is missing" + INSTALL_HINT);
        }
        try {
            Path in = Files.createTempFile("metrics", ".txt");
            Path err = Files.createTempFile("metrics", ".err");
            Files.writeString(in, exposition);
            Process p = new ProcessBuilder(python.toString(), script().toString())
                    .redirectInput(in.toFile()).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the Prometheus parser did not finish within 30 s");
            }
            String error = Files.readString(err);
            Files.delete(in);
            Files.delete(err);
            if (error.contains("No module named 'prometheus_client'")) {
                throw new AssertionError("prometheus_client is not importable by " + python + INSTALL_HINT);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("the Prometheus parser refused the metrics: " + error + "\n" + exposition);
            }
            return new Prometheus(JSON.readValue(new String(out, StandardCharsets.UTF_8),
                    new TypeReference<List<Family>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs {@code /metrics} from {@code server} (200 and the 0.0.4 content type expected) and parses it. */
    static Prometheus scrape(StromServer server) {
        HttpResponse<String> r = server.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).GET());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /metrics -> " + r.statusCode() + " " + r.body());
        }
        String type = r.headers().firstValue("content-type").orElse("");
        if (!type.startsWith("text/plain; version=0.0.4")) {
            throw new AssertionError("GET /metrics content type " + type);
        }
        return parse(r.body());
    }

    /** The family {@code name} (with or without {@code _total}). */
    Optional<Family> family(String name) {
        String bare = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        return families.stream().filter(f -> f.name().equals(name) || f.name().equals(bare)).findFirst();
    }

    /** The samples of {@code name} whose labels include every pair of {@code labels}. */
    List<Sample> samples(String name, String... labels) {
        return family(name).map(Family::samples).orElse(List.of()).stream().filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** The sum of the samples of {@code name} matching {@code labels}; 0 when there are none. */
    double sum(String name, String... labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    List<Family> families() {
        return families;
    }

    private static Path script() {
        URL url = Prometheus.class.getResource("/metrics/parse_metrics.py");
        if (url == null) {
            throw new IllegalStateException("test resource metrics/parse_metrics.py is not on the class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
