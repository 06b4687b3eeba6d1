package io.strom.api.protocol;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one session of a {@link ProtocolServer}, in MediaMTX's API terms.
 *
 * @param id            unique id within the server
 * @param created       when the session started
 * @param remoteAddress the peer, or null before it is known (a WebRTC session before ICE connects)
 * @param state         {@code idle}, {@code read} or {@code publish}
 * @param path          the path it publishes or reads, or an empty string
 * @param bytesReceived bytes received from the peer
 * @param bytesSent     bytes sent to the peer
 * @param protocol      the protocol it speaks, one of {@link ProtocolServer#protocols()} ({@code rtsps} for
 *                      an RTSP session over TLS); empty means {@link ProtocolServer#protocol()}
 * @param query         the query string of the URL the client used, without credentials; empty when none
 * @param transport     the lower transport where the protocol has a choice ({@code UDP}, {@code UDP-multicast},
 *                      {@code TCP} for RTSP), else null
 * @since 0.2.0 (protocol, query, transport)
 */
public record ProtocolSession(String id, Instant created, InetSocketAddress remoteAddress, String state, String path,
        long bytesReceived, long bytesSent, String protocol, String query, String transport) {

    public ProtocolSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(path, "path");
        protocol = protocol == null ? "" : protocol;
        query = query == null ? "" : query;
    }

    /**
     * {@code query} without the parameters that carry credentials ({@code user}, {@code pass},
     * {@code jwt}), for {@link #query()}: what a client may append to a URL to log in is never shown.
     */
    public static String withoutCredentials(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq);
            if (!kv.isEmpty() && !k.equals("user") && !k.equals("pass") && !k.equals("jwt")) {
                out.append(out.length() == 0 ? "" : "&").append(kv);
            }
        }
        return out.toString();
    }

    /** A session of the server's own protocol, without query or transport (the 0.1 shape). */
    public ProtocolSession(String id, Instant created, InetSocketAddress remoteAddress, String state, String path,
            long bytesReceived, long bytesSent) {
        this(id, created, remoteAddress, state, path, bytesReceived, bytesSent, "", "", null);
    }
}
