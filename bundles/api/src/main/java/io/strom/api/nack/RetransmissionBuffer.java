package io.strom.api.nack;

import io.netty.buffer.ByteBuf;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The recently sent packets of one outgoing track, by sequence number, for answering NACKs. It
 * retains the shared plaintext packet rather than copying it; the sender re-protects on
 * retransmission. Not thread-safe: use it from the session's event loop.
 */
@ConsumerType
public interface RetransmissionBuffer extends AutoCloseable {

    /** Remembers {@code packet} under {@code sequenceNumber}; retains it and releases what it displaces. */
    void add(int sequenceNumber, ByteBuf packet);

    /** The packet sent with {@code sequenceNumber}, borrowed, or {@code null} if it is gone. */
    ByteBuf get(int sequenceNumber);

    /** Releases every packet. Idempotent. */
    @Override
    void close();
}
