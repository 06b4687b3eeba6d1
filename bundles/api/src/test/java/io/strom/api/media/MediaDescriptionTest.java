package io.strom.api.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaDescriptionTest {

    private static final Format H264 = new Format("H264", 96, 90000, 0, Map.of("packetization-mode", "1"));
    private static final Format OPUS = Format.of("Opus", 111, 48000, 2);

    @Test
    void indexesTracksInOrderAndListsCodecs() {
        MediaDescription d = MediaDescription.of(MediaKind.VIDEO, H264, MediaKind.AUDIO, OPUS);
        assertEquals(List.of("H264", "Opus"), d.codecs());
        assertEquals(1, d.tracks().get(1).index());
    }

    @Test
    void rejectsEmptyMisnumberedAndOversizedDescriptions() {
        assertThrows(IllegalArgumentException.class, () -> new MediaDescription(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new MediaDescription(List.of(new Track(1, MediaKind.VIDEO, H264))));
        Object[] many = new Object[2 * (MediaDescription.MAX_TRACKS + 1)];
        for (int i = 0; i < many.length; i += 2) {
            many[i] = MediaKind.AUDIO;
            many[i + 1] = OPUS;
        }
        assertThrows(IllegalArgumentException.class, () -> MediaDescription.of(many));
    }

    @Test
    void formatValidatesAndCopiesItsParameters() {
        Map<String, String> params = new HashMap<>(Map.of("a", "1"));
        Format f = new Format("H264", 96, 90000, 0, params);
        params.put("b", "2");
        assertEquals(Map.of("a", "1"), f.parameters());
        assertThrows(IllegalArgumentException.class, () -> Format.of("H264", 128, 90000, 0));
        assertThrows(IllegalArgumentException.class, () -> Format.of("H264", 96, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Format.of(" ", 96, 90000, 0));
    }
}
