package io.strom.api.media;

import java.util.Objects;

/**
 * One track of a stream: its position in the {@link MediaDescription}, its kind and its format.
 * Units name their track by {@link #index()}.
 *
 * @param index  position in {@link MediaDescription#tracks()}, from 0
 * @param kind   video, audio or application
 * @param format the track's single format
 */
public record Track(int index, MediaKind kind, Format format) {

    public Track {
        if (index < 0) {
            throw new IllegalArgumentException("index " + index + " is negative");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
    }
}
