package io.strom.nack.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code io.strom.nack} configuration, read by both factory components (see
 * {@link RetransmissionBufferFactoryImpl} for why there are two).
 */
@ObjectClassDefinition(id = NackConfig.PID, name = "Strom NACK",
        description = "Retransmission buffers for outgoing WebRTC tracks and loss detection on incoming ones.")
@interface NackConfig {

    String PID = "io.strom.nack";

    @AttributeDefinition(name = "Buffer size", description = "Packets kept per outgoing track for "
            + "retransmission, and how far back (in packets) incoming gaps are tracked. A power of two from 16 "
            + "to 32768. Larger answers NACKs for older packets (1024 is ~1 s of a 10 Mbit/s video track) "
            + "at the cost of holding more pooled packets per track.")
    int size() default 1024;

    @AttributeDefinition(name = "Audio buffer size", description = "Packets kept per outgoing audio track, a "
            + "power of two from 16 to 32768. Audio sends about 50 packets a second, so 256 is 5 s of history, "
            + "far more than a NACK can still use; every WebRTC reader holds one such buffer per audio track.")
    int audioSize() default 256;

    @AttributeDefinition(name = "NACK retries", description = "How many times one missing sequence number is "
            + "asked for (at most once per RTCP report), 1 to 100. More recovers more loss on bad links but adds "
            + "upstream RTCP for packets the sender may no longer have.")
    int nackRetries() default 3;

    @AttributeDefinition(name = "Missing numbers tracked", description = "The most gaps tracked per incoming "
            + "track, 1 to size; a burst beyond it drops the oldest, the least likely to be recovered in time.")
    int maxMissing() default 256;
}
