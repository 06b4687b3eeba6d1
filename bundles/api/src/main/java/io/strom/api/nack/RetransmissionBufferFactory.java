package io.strom.api.nack;

import io.strom.api.media.MediaKind;
import org.osgi.annotation.versioning.ConsumerType;

/** Makes one {@link RetransmissionBuffer} per outgoing track of a session. */
@ConsumerType
public interface RetransmissionBufferFactory {

    /** A new, empty buffer for the stream with this SSRC. */
    RetransmissionBuffer create(long ssrc);

    /**
     * A new, empty buffer for a track of this kind. An implementation may size it by the kind:
     * an audio track sends tens of packets a second, a video track hundreds, so the same number
     * of packets is seconds of audio history. By default {@link #create(long)}.
     *
     * @since 0.2
     */
    default RetransmissionBuffer create(long ssrc, MediaKind kind) {
        return create(ssrc);
    }
}
