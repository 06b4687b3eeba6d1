package io.strom.api.path;

import io.strom.api.media.MediaDescription;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The stream core as protocols see it: paths, their publishers and their readers.
 *
 * <p>A path exists while it has a publisher or readers; its settings come from the first
 * matching path configuration: an exact name, else a {@code ~regex} name, else
 * {@code all_others}. Every method is thread-safe and fast (no I/O).
 */
@ProviderType
public interface PathManager {

    /**
     * The configuration that governs {@code path}.
     *
     * @throws PathException {@link PathException.Reason#INVALID_NAME} or {@link PathException.Reason#NOT_CONFIGURED}
     */
    PathConf findPathConf(String path) throws PathException;

    /**
     * Starts publishing to a path. If the path already has a publisher, the new one replaces it
     * when the path's {@link PathConf#overridePublisher()} is set (the old publisher is closed);
     * otherwise the request fails with {@link PathException.Reason#PUBLISHER_EXISTS}.
     */
    PublisherHandle addPublisher(AddPublisherRequest request) throws PathException;

    /**
     * Attaches a reader to a path's current stream.
     *
     * @throws PathException {@link PathException.Reason#NO_PUBLISHER} when nothing is published there,
     *         {@link PathException.Reason#MAX_READERS} when the path is full
     */
    ReaderHandle addReader(AddReaderRequest request) throws PathException;

    /** The description of what is published on {@code path} (for RTSP DESCRIBE, WHEP offers). */
    MediaDescription describe(String path) throws PathException;

    /** A snapshot of every path that has a publisher or readers, sorted by name. */
    List<PathInfo> paths();
}
