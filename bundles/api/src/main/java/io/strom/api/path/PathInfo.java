package io.strom.api.path;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one path, in the shape of MediaMTX's {@code /v3/paths/list} items.
 *
 * @param name          the path name
 * @param confName      the name of the configuration that governs it
 * @param source        the publisher, or {@code null} when none
 * @param ready         whether a publisher is streaming
 * @param readyTime     when it became ready, or {@code null}
 * @param tracks        codec names of the published tracks
 * @param bytesReceived payload bytes written by publishers
 * @param bytesSent     payload bytes handed to readers
 * @param readers       the attached readers
 */
public record PathInfo(String name, String confName, SessionRef source, boolean ready, Instant readyTime,
        List<String> tracks, long bytesReceived, long bytesSent, List<SessionRef> readers) {

    public PathInfo {
        tracks = List.copyOf(tracks);
        readers = List.copyOf(readers);
    }

    /**
     * A publisher or reader as the control API names it.
     *
     * @param type the session type ({@code rtspSession}, ...)
     * @param id   the session id
     */
    public record SessionRef(String type, String id) {
    }
}
