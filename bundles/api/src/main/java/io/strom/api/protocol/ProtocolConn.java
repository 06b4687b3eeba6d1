package io.strom.api.protocol;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one connection of a {@link ProtocolServer} whose sessions and connections are
 * apart (RTSP: a session may outlive a TCP connection, and a connection carries at most one
 * session), in the shape of MediaMTX's {@code rtspconns} items.
 *
 * @param id            unique id within the server
 * @param created       when the connection was accepted
 * @param remoteAddress the peer
 * @param protocol      the protocol it speaks, one of {@link ProtocolServer#protocols()}
 * @param session       the id of the session it carries, or an empty string
 * @param bytesReceived bytes read from the socket
 * @param bytesSent     bytes written to the socket
 * @since 0.2.0
 */
public record ProtocolConn(String id, Instant created, InetSocketAddress remoteAddress, String protocol, String session,
        long bytesReceived, long bytesSent) {

    public ProtocolConn {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(protocol, "protocol");
        session = session == null ? "" : session;
    }
}
