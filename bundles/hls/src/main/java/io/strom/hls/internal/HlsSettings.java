package io.strom.hls.internal;

import io.strom.api.settings.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * The HLS server's settings, checked once: each bad value names its key.
 *
 * @param variant          the muxer variant
 * @param segmentCount     segments a media playlist lists (and the muxer keeps)
 * @param segmentDuration  the shortest segment: a segment ends at the first keyframe after it
 * @param partDuration     the longest part of a Low-Latency segment
 * @param segmentMaxSize   bytes a segment may not exceed
 * @param alwaysRemux      whether a muxer runs for every published path without readers
 * @param closeAfter       how long a muxer nobody requests lives on
 * @param allowOrigin      the CORS {@code Access-Control-Allow-Origin} value
 */
record HlsSettings(Variant variant, int segmentCount, Duration segmentDuration, Duration partDuration,
        long segmentMaxSize, boolean alwaysRemux, Duration closeAfter, String allowOrigin) {

    /** How segments are written and listed. */
    enum Variant {
        /** fMP4 segments made of parts, each listed with EXT-X-PART; blocking reloads; delta updates. */
        LOW_LATENCY("lowLatency"),
        /** fMP4 segments. */
        FMP4("fmp4"),
        /** MPEG-TS segments (version 3 playlists, every player). */
        MPEGTS("mpegts");

        final String key;

        Variant(String key) {
            this.key = key;
        }

        static Variant parse(String value) {
            for (Variant v : values()) {
                if (v.key.equalsIgnoreCase(value.strip())) {
                    return v;
                }
            }
            throw new IllegalArgumentException("hlsVariant: '" + value + "' is not lowLatency, fmp4 or mpegts");
        }
    }

    static HlsSettings of(HlsServer.Config c) {
        if (c.hlsSegmentCount() < 3) {
            throw new IllegalArgumentException("hlsSegmentCount: " + c.hlsSegmentCount() + " is below 3 (players need three segments)");
        }
        Duration segment = positive("hlsSegmentDuration", c.hlsSegmentDuration());
        Duration part = positive("hlsPartDuration", c.hlsPartDuration());
        if (part.compareTo(segment) > 0) {
            throw new IllegalArgumentException("hlsPartDuration: " + c.hlsPartDuration() + " is longer than hlsSegmentDuration");
        }
        return new HlsSettings(Variant.parse(c.hlsVariant()), c.hlsSegmentCount(), segment, part,
                size("hlsSegmentMaxSize", c.hlsSegmentMaxSize()), c.hlsAlwaysRemux(),
                positive("hlsMuxerCloseAfter", c.hlsMuxerCloseAfter()), c.hlsAllowOrigin());
    }

    private static Duration positive(String key, String value) {
        Duration d = Durations.parse(key, value);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a positive duration");
        }
        return d;
    }

    /** A byte size like {@code 50M}, {@code 512K}, {@code 1G} or a plain number of bytes. */
    static long size(String key, String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("B")) {
            v = v.substring(0, v.length() - 1);
        }
        if (!v.isEmpty() && "KMG".indexOf(v.charAt(v.length() - 1)) >= 0) {
            unit = 1L << (10 * ("KMG".indexOf(v.charAt(v.length() - 1)) + 1));
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n > 0 && n <= (4L << 30) / unit) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": '" + value + "' is not a size from 1 byte to 4G, like 50M");
    }
}
