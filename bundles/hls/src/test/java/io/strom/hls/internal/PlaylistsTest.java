package io.strom.hls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The playlist text: LL-HLS tags, which segments list their parts, delta updates, MPEG-TS. */
class PlaylistsTest {

    private static List<Segment> segments(int count, double duration, int partsEach) {
        List<Segment> out = new ArrayList<>();
        long partId = 0;
        for (int i = 0; i < count; i++) {
            List<Part> parts = new ArrayList<>();
            for (int p = 0; p < partsEach; p++) {
                parts.add(new Part(partId++, duration / partsEach, p == 0, Unpooled.EMPTY_BUFFER));
            }
            out.add(new Segment(10 + i, duration, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), parts, Unpooled.EMPTY_BUFFER));
        }
        return out;
    }

    @Test
    void lowLatencyListsPartsOfTheLastTwoSegmentsAndAHint() {
        List<Part> current = List.of(new Part(40, 0.2, true, Unpooled.EMPTY_BUFFER));
        String text = Playlists.media(HlsSettings.Variant.LOW_LATENCY, segments(7, 1, 5), current, 41, 10, 1, 0.2, false);
        assertTrue(text.startsWith("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:1\n"), text);
        assertTrue(text.contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.60000,CAN-SKIP-UNTIL=6.00000\n"), text);
        assertTrue(text.contains("#EXT-X-PART-INF:PART-TARGET=0.20000\n#EXT-X-MEDIA-SEQUENCE:10\n#EXT-X-MAP:URI=\"init.mp4\"\n"), text);
        assertEquals(2 * 5 + 1, text.lines().filter(l -> l.startsWith("#EXT-X-PART:")).count(), text);
        assertTrue(text.contains("#EXT-X-PART:DURATION=0.20000,URI=\"part25.mp4\",INDEPENDENT=YES\n"), text);
        assertFalse(text.contains("part24.mp4"), "parts of older segments are not listed");
        assertTrue(text.endsWith("#EXT-X-PART:DURATION=0.20000,URI=\"part40.mp4\",INDEPENDENT=YES\n"
                + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part41.mp4\"\n"), text);
        assertTrue(text.contains("#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n#EXTINF:1.00000,\nseg10.mp4\n"), text);
    }

    @Test
    void deltaUpdateSkipsSegmentsOlderThanSkipUntil() {
        String text = Playlists.media(HlsSettings.Variant.LOW_LATENCY, segments(7, 1, 5), List.of(), 35, 10, 1, 0.2, true);
        assertTrue(text.contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=1\n"), text);
        assertFalse(text.contains("seg10.mp4"), text);
        assertTrue(text.contains("seg11.mp4"), text);
        assertFalse(text.contains("#EXT-X-MAP"), "a delta update leaves the map out with the skipped segments");
    }

    @Test
    void mpegtsIsAVersion3PlaylistWithoutPartsOrMap() {
        String text = Playlists.media(HlsSettings.Variant.MPEGTS, segments(3, 2, 1), List.of(), 3, 10, 2, 0.2, false);
        assertTrue(text.startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:10\n"), text);
        assertFalse(text.contains("#EXT-X-PART") || text.contains("#EXT-X-MAP") || text.contains("PRELOAD"), text);
        assertTrue(text.contains("seg12.ts\n"), text);
    }

    @Test
    void multivariantNamesCodecsAndResolution() {
        String text = Playlists.multivariant(HlsSettings.Variant.FMP4, "avc1.42C00D,opus", "320x240", 900000, 800000);
        assertTrue(text.contains("#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=800000,CODECS=\"avc1.42C00D,opus\","
                + "RESOLUTION=320x240\nstream.m3u8\n"), text);
    }
}
