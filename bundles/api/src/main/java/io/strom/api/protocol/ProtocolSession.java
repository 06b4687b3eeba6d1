package io.strom.api.protocol;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one session of a {@link ProtocolServer}, in MediaMTX's API terms.
 *
 * @param id            unique id within the server
 * @param created       when the session started
 * @param remoteAddress the peer
 * @param state         {@code idle}, {@code read} or {@code publish}
 * @param path          the path it publishes or reads, or an empty string
 * @param bytesReceived bytes received from the peer
 * @param bytesSent     bytes sent to the peer
 */
public record ProtocolSession(String id, Instant created, InetSocketAddress remoteAddress, String state, String path,
        long bytesReceived, long bytesSent) {

    public ProtocolSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(path, "path");
    }
}
