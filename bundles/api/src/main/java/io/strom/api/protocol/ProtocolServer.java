package io.strom.api.protocol;

import java.net.InetSocketAddress;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol's server, registered as a service by its bundle while it listens. Stopping the
 * bundle unregisters it, closes its sessions and frees its ports.
 */
@ConsumerType
public interface ProtocolServer {

    /** Service property naming the protocol, equal to {@link #protocol()}. */
    String PROTOCOL = "strom.protocol";

    /** The protocol's name as the control API uses it: {@code rtsp}, {@code rtsps}, {@code rtmp}, {@code webrtc}, ... */
    String protocol();

    /** The addresses it is bound to. */
    List<InetSocketAddress> listenAddresses();

    /** A snapshot of its current sessions. */
    List<ProtocolSession> sessions();

    /**
     * Ends the session with {@code id}.
     *
     * @return false if there is no such session
     */
    boolean kick(String id);
}
