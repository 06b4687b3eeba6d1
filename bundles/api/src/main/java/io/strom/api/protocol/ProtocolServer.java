package io.strom.api.protocol;

import java.net.InetSocketAddress;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol's server, registered as a service by its bundle while it listens. Stopping the
 * bundle unregisters it, closes its sessions and frees its ports.
 *
 * <p>The control API lists a server's sessions as {@code /v3/<protocol><kind>} for each of its
 * {@link #protocols()} and {@link #sessionKind()} ({@code rtspsessions}, {@code rtmpsconns},
 * {@code webrtcsessions}, {@code hlsmuxers}), and its {@link #connections()}, where it has
 * them, as {@code /v3/<protocol>conns}.
 */
@ConsumerType
public interface ProtocolServer {

    /** Service property naming the protocol, equal to {@link #protocol()}. */
    String PROTOCOL = "strom.protocol";

    /** {@link #sessionKind()} of most protocols. */
    String SESSIONS = "sessions";

    /** {@link #sessionKind()} where a session is a connection (RTMP, SRT). */
    String CONNS = "conns";

    /** {@link #sessionKind()} of HLS: one muxer per path, its id the path name. */
    String MUXERS = "muxers";

    /** The protocol's name as the control API uses it: {@code rtsp}, {@code rtsps}, {@code rtmp}, {@code webrtc}, ... */
    String protocol();

    /**
     * The protocol names its sessions carry: {@link #protocol()}, and the TLS variant where the
     * same server also listens with TLS ({@code rtsp} and {@code rtsps}); only those it serves now.
     *
     * @since 0.2.0
     */
    default List<String> protocols() {
        return List.of(protocol());
    }

    /**
     * What the control API calls its sessions: {@link #SESSIONS}, {@link #CONNS} or {@link #MUXERS}.
     *
     * @since 0.2.0
     */
    default String sessionKind() {
        return SESSIONS;
    }

    /** The addresses it is bound to. */
    List<InetSocketAddress> listenAddresses();

    /** A snapshot of its current sessions. */
    List<ProtocolSession> sessions();

    /**
     * A snapshot of its connections, for a protocol whose sessions and connections are apart
     * (RTSP); null for one where they are the same or there are none (RTMP, WebRTC).
     *
     * @since 0.2.0
     */
    default List<ProtocolConn> connections() {
        return null;
    }

    /**
     * Ends the session with {@code id}: its connection is closed, so the client is disconnected.
     *
     * @return false if there is no such session
     */
    boolean kick(String id);
}
