package io.strom.api.path;

import io.strom.api.media.MediaDescription;
import org.osgi.annotation.versioning.ProviderType;

/** What a reader gets back: the stream's description and a way out. */
@ProviderType
public interface ReaderHandle extends AutoCloseable {

    /** The path's configuration at the time reading started. */
    PathConf conf();

    /** The tracks the reader will receive units for. */
    MediaDescription description();

    /** Units dropped because this reader's queue was full. */
    long droppedUnits();

    /** Asks the path's publisher for a keyframe (see {@link Publisher#requestKeyframe()}). */
    void requestKeyframe();

    /** Detaches the reader; queued units are released. Idempotent. */
    @Override
    void close();
}
