package io.strom.api.nack;

import org.osgi.annotation.versioning.ConsumerType;

/** Makes one {@link RetransmissionBuffer} per outgoing track of a session. */
@ConsumerType
public interface RetransmissionBufferFactory {

    /** A new, empty buffer for the stream with this SSRC. */
    RetransmissionBuffer create(long ssrc);
}
