package io.strom.api.nack;

import java.util.function.IntConsumer;
import org.osgi.annotation.versioning.ConsumerType;

/** Tracks received sequence numbers of one incoming stream and says which to NACK. */
@ConsumerType
public interface NackGenerator {

    /** A packet with this sequence number arrived. */
    void received(int sequenceNumber);

    /** Hands each sequence number to ask for again, at most once per call, to {@code sink}. */
    void missing(IntConsumer sink);
}
