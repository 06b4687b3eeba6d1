package io.strom.api.ice;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates ICE transports. The WebRTC bundle asks the highest-ranked factory at each session's
 * set-up, so a replacement registered at runtime serves new sessions while running ones keep
 * theirs.
 */
@ConsumerType
public interface IceTransportFactory {

    /** Service property naming the implementation ({@code ice4j}, {@code lite}). */
    String IMPLEMENTATION = "strom.ice.implementation";

    /**
     * A new transport with gathered local candidates.
     *
     * @param listener receives connectivity events and inbound datagrams
     * @throws IOException when no socket can be had
     */
    IceTransport create(IceTransport.Listener listener) throws IOException;
}
