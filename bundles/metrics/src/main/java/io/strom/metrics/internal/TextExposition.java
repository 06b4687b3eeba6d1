package io.strom.metrics.internal;

import io.strom.api.metrics.MetricType;
import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One scrape: the samples of every source, grouped by metric name, rendered in the Prometheus
 * text exposition format 0.0.4 ({@code # HELP}, {@code # TYPE}, then one line per sample).
 *
 * <p>Each source writes into its own batch; only a batch that completed joins the scrape, so a
 * source that throws half-way leaves nothing half-written. A name that a source writes with a
 * type other than the one it already has in this scrape makes that source's batch invalid.
 */
final class TextExposition {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(MetricType type, String help, StringBuilder lines) {
    }

    private record Sample(String name, MetricType type, String help, String line) {
    }

    /**
     * Asks {@code source} for its samples and adds them.
     *
     * @throws RuntimeException what the source threw, or {@link IllegalArgumentException} for an
     *                          invalid sample; nothing of the source is added then
     */
    void collect(MetricsSource source) {
        List<Sample> batch = new ArrayList<>();
        source.collect(new MetricsWriter() {
            @Override
            public void sample(String name, MetricType type, String help, double value, String... labels) {
                batch.add(TextExposition.sample(name, type, help, value, labels));
            }
        });
        for (Sample s : batch) {
            Family f = families.get(s.name());
            if (f != null && f.type() != s.type()) {
                throw new IllegalArgumentException(s.name() + " is a " + f.type().key() + ", written as a " + s.type().key());
            }
        }
        for (Sample s : batch) {
            families.computeIfAbsent(s.name(), n -> new Family(s.type(), s.help(), new StringBuilder()))
                    .lines().append(s.line());
        }
    }

    private static Sample sample(String name, MetricType type, String help, double value, String... labels) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + name + "'");
        }
        if (type == null) {
            throw new IllegalArgumentException(name + ": no type");
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException(name + ": labels come in name, value pairs, got " + labels.length + " strings");
        }
        StringBuilder line = new StringBuilder(name);
        for (int i = 0; i < labels.length; i += 2) {
            if (labels[i] == null || !LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                throw new IllegalArgumentException(name + ": invalid label name '" + labels[i] + "'");
            }
            line.append(i == 0 ? '{' : ',').append(labels[i]).append("=\"");
            escape(line, labels[i + 1] == null ? "" : labels[i + 1], true);
            line.append('"');
        }
        if (labels.length > 0) {
            line.append('}');
        }
        line.append(' ').append(format(value)).append('\n');
        return new Sample(name, type, help == null ? "" : help, line.toString());
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void escape(StringBuilder out, String text, boolean quotes) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quotes ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** The scrape as the text format, UTF-8. */
    byte[] render() {
        StringBuilder out = new StringBuilder(4096);
        for (Map.Entry<String, Family> e : families.entrySet()) {
            Family f = e.getValue();
            out.append("# HELP ").append(e.getKey()).append(' ');
            escape(out, f.help(), false);
            out.append('\n');
            out.append("# TYPE ").append(e.getKey()).append(' ').append(f.type().key()).append('\n');
            out.append(f.lines());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
