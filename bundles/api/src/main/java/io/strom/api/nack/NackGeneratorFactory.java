package io.strom.api.nack;

import org.osgi.annotation.versioning.ConsumerType;

/** Makes one {@link NackGenerator} per incoming track of a session. */
@ConsumerType
public interface NackGeneratorFactory {

    /** A new generator for the stream with this SSRC. */
    NackGenerator create(long ssrc);
}
