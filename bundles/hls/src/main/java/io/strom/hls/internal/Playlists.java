package io.strom.hls.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The text of multivariant and media playlists (RFC 8216 and its 2nd edition draft for LL-HLS). */
final class Playlists {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private Playlists() {
    }

    /** The multivariant playlist: one variant, its codecs, resolution and bandwidth. */
    static String multivariant(HlsSettings.Variant variant, String codecs, String resolution, long bandwidth,
            long averageBandwidth) {
        StringBuilder s = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(variant == HlsSettings.Variant.MPEGTS ? 3 : 9)
                .append("\n#EXT-X-INDEPENDENT-SEGMENTS\n\n#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(1, bandwidth))
                .append(",AVERAGE-BANDWIDTH=").append(Math.max(1, averageBandwidth))
                .append(",CODECS=\"").append(codecs).append('"');
        if (resolution != null) {
            s.append(",RESOLUTION=").append(resolution);
        }
        return s.append("\nstream.m3u8\n").toString();
    }

    /**
     * A media playlist.
     *
     * @param segments      finished segments, oldest first
     * @param currentParts  parts of the segment being written (low latency only)
     * @param nextPartId    the id of the part being written, for the preload hint
     * @param target        EXT-X-TARGETDURATION, whole seconds
     * @param partTarget    PART-TARGET in seconds
     * @param skip          whether the client asked for a delta update
     */
    static String media(HlsSettings.Variant variant, Collection<Segment> segments, List<Part> currentParts,
            long nextPartId, long firstMsn, int target, double partTarget, boolean skip) {
        boolean ll = variant == HlsSettings.Variant.LOW_LATENCY;
        String ext = variant == HlsSettings.Variant.MPEGTS ? ".ts" : ".mp4";
        StringBuilder s = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(variant == HlsSettings.Variant.MPEGTS ? 3 : 9)
                .append("\n#EXT-X-TARGETDURATION:").append(target).append('\n');
        double skipUntil = 6.0 * target;
        if (ll) {
            s.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=").append(decimal(partTarget * 3))
                    .append(",CAN-SKIP-UNTIL=").append(decimal(skipUntil)).append('\n');
            s.append("#EXT-X-PART-INF:PART-TARGET=").append(decimal(partTarget)).append('\n');
        }
        s.append("#EXT-X-MEDIA-SEQUENCE:").append(firstMsn).append('\n');
        int skipped = 0;
        if (ll && skip) {
            // Segments that start more than CAN-SKIP-UNTIL before the playlist's end are left out.
            double total = segments.stream().mapToDouble(Segment::duration).sum();
            double before = 0;
            for (Segment seg : segments) {
                if (total - before <= skipUntil) {
                    break;
                }
                before += seg.duration();
                skipped++;
            }
            s.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped).append('\n');
        }
        if (variant != HlsSettings.Variant.MPEGTS && skipped == 0) {
            s.append("#EXT-X-MAP:URI=\"init.mp4\"\n");
        }
        int index = 0;
        int withParts = segments.size() - 2;
        for (Segment seg : segments) {
            if (index++ < skipped) {
                continue;
            }
            s.append("#EXT-X-PROGRAM-DATE-TIME:").append(DATE_TIME.format(seg.start())).append('\n');
            if (ll && index > withParts) {
                appendParts(s, seg.parts());
            }
            s.append("#EXTINF:").append(decimal(seg.duration())).append(",\nseg").append(seg.msn()).append(ext).append('\n');
        }
        if (ll) {
            appendParts(s, currentParts);
            s.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part").append(nextPartId).append(".mp4\"\n");
        }
        return s.toString();
    }

    private static void appendParts(StringBuilder s, List<Part> parts) {
        for (Part p : parts) {
            s.append("#EXT-X-PART:DURATION=").append(decimal(p.duration())).append(",URI=\"part").append(p.id()).append(".mp4\"");
            if (p.independent()) {
                s.append(",INDEPENDENT=YES");
            }
            s.append('\n');
        }
    }

    static String decimal(double seconds) {
        return String.format(Locale.ROOT, "%.5f", seconds);
    }

    static String dateTime(Instant instant) {
        return DATE_TIME.format(instant);
    }
}
