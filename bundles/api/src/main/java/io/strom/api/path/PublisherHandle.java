package io.strom.api.path;

import io.strom.api.media.MediaDescription;
import io.strom.api.media.Unit;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a publisher gets back: the way in to the path's stream.
 *
 * <p>{@link #write} must be called from one thread at a time (the publisher's event loop). It
 * never blocks and never allocates in steady state.
 */
@ProviderType
public interface PublisherHandle extends AutoCloseable {

    /** The path's configuration at the time publishing started. */
    PathConf conf();

    /** The description given in the request. */
    MediaDescription description();

    /**
     * Writes a unit to every reader. Takes ownership of {@code unit}: the stream shares it with
     * its readers and releases its own reference before returning. A unit written after
     * {@link #close()} (or after the publisher was replaced) is released and ignored.
     *
     * @throws IllegalArgumentException if the unit's track is not in the description (the unit is released)
     */
    void write(Unit unit);

    /**
     * Whether a reader that consumes access units is attached now. A publisher whose source is
     * RTP may skip depacketizing while none is (and one that produces access units, packetizing
     * while {@link #hasRtpReaders()} is false); it must cope with starting mid-stream, as a
     * depacketizer does by waiting for the next access unit. Cheap: a volatile read.
     */
    boolean hasAccessUnitReaders();

    /** Whether a reader that consumes RTP packets is attached now; see {@link #hasAccessUnitReaders()}. */
    boolean hasRtpReaders();

    /** Stops publishing: every reader of the stream is closed. Idempotent. */
    @Override
    void close();
}
