package io.strom.api.auth;

import java.util.Locale;

/** What a client wants to do, named as MediaMTX's permission actions. */
public enum AuthAction {
    PUBLISH, READ, PLAYBACK, API, METRICS, PPROF;

    /** The lower-case name used in configuration ({@code publish}, {@code read}, ...). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
