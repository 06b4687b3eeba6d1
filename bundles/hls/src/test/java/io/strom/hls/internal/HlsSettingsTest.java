package io.strom.hls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings are checked once and a bad value names its key. */
class HlsSettingsTest {

    private static HlsServer.Config config(String variant, int count, String segment, String part, String size) {
        return new HlsServer.Config() {
            @Override public Class<? extends Annotation> annotationType() { return HlsServer.Config.class; }
            @Override public String hlsAddress() { return ":8888"; }
            @Override public String hlsVariant() { return variant; }
            @Override public int hlsSegmentCount() { return count; }
            @Override public String hlsSegmentDuration() { return segment; }
            @Override public String hlsPartDuration() { return part; }
            @Override public String hlsSegmentMaxSize() { return size; }
            @Override public boolean hlsAlwaysRemux() { return false; }
            @Override public String hlsMuxerCloseAfter() { return "60s"; }
            @Override public String hlsAllowOrigin() { return "*"; }
            @Override public boolean hlsEncryption() { return false; }
            @Override public String hlsServerKey() { return "server.key"; }
            @Override public String hlsServerCert() { return "server.crt"; }
        };
    }

    private static void refused(String key, HlsServer.Config c) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HlsSettings.of(c));
        assertTrue(e.getMessage().startsWith(key + ":"), e.getMessage());
    }

    @Test
    void defaults() {
        HlsSettings s = HlsSettings.of(config("lowLatency", 7, "1s", "200ms", "50M"));
        assertEquals(HlsSettings.Variant.LOW_LATENCY, s.variant());
        assertEquals(Duration.ofMillis(200), s.partDuration());
        assertEquals(50L << 20, s.segmentMaxSize());
        assertEquals(HlsSettings.Variant.MPEGTS, HlsSettings.of(config("mpegts", 3, "2s", "2s", "512K")).variant());
    }

    @Test
    void badValuesNameTheirKey() {
        refused("hlsVariant", config("dash", 7, "1s", "200ms", "50M"));
        refused("hlsSegmentCount", config("fmp4", 2, "1s", "200ms", "50M"));
        refused("hlsSegmentDuration", config("fmp4", 7, "soon", "200ms", "50M"));
        refused("hlsSegmentDuration", config("fmp4", 7, "0s", "200ms", "50M"));
        refused("hlsPartDuration", config("fmp4", 7, "1s", "2s", "50M"));
        refused("hlsSegmentMaxSize", config("fmp4", 7, "1s", "200ms", "lots"));
        refused("hlsSegmentMaxSize", config("fmp4", 7, "1s", "200ms", "9G"));
    }
}
