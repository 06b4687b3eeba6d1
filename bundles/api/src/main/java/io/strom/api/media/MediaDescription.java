package io.strom.api.media;

import java.util.List;

/**
 * What a publisher offers: its tracks, in order. Immutable; built once when a publisher starts.
 *
 * @param tracks the tracks; track {@code i} has {@link Track#index()} {@code i}
 */
public record MediaDescription(List<Track> tracks) {

    /** The most tracks one stream may have; a description with more is refused. */
    public static final int MAX_TRACKS = 64;

    public MediaDescription {
        tracks = List.copyOf(tracks);
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("a media description needs at least one track");
        }
        if (tracks.size() > MAX_TRACKS) {
            throw new IllegalArgumentException(tracks.size() + " tracks exceed the limit of " + MAX_TRACKS);
        }
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).index() != i) {
                throw new IllegalArgumentException("track at position " + i + " has index " + tracks.get(i).index());
            }
        }
    }

    /** A description of the given kinds and formats, indexed in order. */
    public static MediaDescription of(Object... kindsAndFormats) {
        if (kindsAndFormats.length % 2 != 0) {
            throw new IllegalArgumentException("expected pairs of MediaKind and Format");
        }
        Track[] built = new Track[kindsAndFormats.length / 2];
        for (int i = 0; i < built.length; i++) {
            built[i] = new Track(i, (MediaKind) kindsAndFormats[2 * i], (Format) kindsAndFormats[2 * i + 1]);
        }
        return new MediaDescription(List.of(built));
    }

    /** The codec names of the tracks, in order, as the control API lists them. */
    public List<String> codecs() {
        return tracks.stream().map(t -> t.format().codec()).toList();
    }
}
