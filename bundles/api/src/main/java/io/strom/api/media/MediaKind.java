package io.strom.api.media;

/** The kind of a track, as in an SDP {@code m=} line. */
public enum MediaKind {
    VIDEO,
    AUDIO,
    APPLICATION
}
