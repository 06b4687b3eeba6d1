package io.strom.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strom.api.metrics.MetricType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextExpositionTest {

    private static String render(TextExposition e) {
        return new String(e.render(), StandardCharsets.UTF_8);
    }

    @Test
    void samplesOfOneNameFromTwoSourcesShareOneHelpAndTypeLine() {
        TextExposition e = new TextExposition();
        e.collect(out -> {
            out.counter("strom_srtp_packets_total", "Packets.", 3, "provider", "jce");
            out.gauge("paths", "Paths.", 1, "name", "cam", "state", "ready");
        });
        e.collect(out -> out.counter("strom_srtp_packets_total", "Other help, ignored.", 4, "provider", "bc"));
        assertEquals("""
                # HELP strom_srtp_packets_total Packets.
                # TYPE strom_srtp_packets_total counter
                strom_srtp_packets_total{provider="jce"} 3
                strom_srtp_packets_total{provider="bc"} 4
                # HELP paths Paths.
                # TYPE paths gauge
                paths{name="cam",state="ready"} 1
                """, render(e));
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        TextExposition e = new TextExposition();
        e.collect(out -> out.gauge("g", "a \\ and\na line", 1, "path", "a\"b\\c\nd"));
        assertEquals("""
                # HELP g a \\\\ and\\na line
                # TYPE g gauge
                g{path="a\\"b\\\\c\\nd"} 1
                """, render(e));
    }

    @Test
    void valuesAreWrittenAsPrometheusReadsThem() {
        assertEquals("0", TextExposition.format(0));
        assertEquals("-3", TextExposition.format(-3));
        assertEquals("1.5", TextExposition.format(1.5));
        assertEquals("NaN", TextExposition.format(Double.NaN));
        assertEquals("+Inf", TextExposition.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", TextExposition.format(Double.NEGATIVE_INFINITY));
        assertEquals("9007199254740991", TextExposition.format(0x1p53 - 1));
        assertEquals("1.8014398509481984E16", TextExposition.format(0x1p54));
    }

    @Test
    void aSourceWithAnInvalidSampleAddsNothing() {
        TextExposition e = new TextExposition();
        e.collect(out -> out.counter("ok_total", "Fine.", 1));
        String[][] bad = {{"bad name"}, {"ok_label", "odd"}, {"ok", "__reserved", "x"}, {"ok", "1st", "x"}};
        for (String[] b : bad) {
            String name = b[0];
            String[] labels = java.util.Arrays.copyOfRange(b, 1, b.length);
            assertThrows(IllegalArgumentException.class, () -> e.collect(out -> {
                out.gauge("written_first", "Dropped with the rest.", 1);
                out.gauge(name, "Bad.", 1, labels);
            }), String.join(",", b));
        }
        assertThrows(IllegalArgumentException.class, () -> e.collect(out -> out.gauge("ok_total", "Now a gauge?", 2)));
        assertThrows(IllegalArgumentException.class, () -> e.collect(out -> out.sample("t", null, "No type.", 1)));
        assertEquals("# HELP ok_total Fine.\n# TYPE ok_total counter\nok_total 1\n", render(e));
        assertEquals("counter", MetricType.COUNTER.key());
    }
}
