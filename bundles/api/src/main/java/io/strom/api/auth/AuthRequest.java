package io.strom.api.auth;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One question to the {@link AuthManager}.
 *
 * @param protocol    who asks ({@code rtsp}, {@code rtmp}, {@code webrtc}, {@code api}, ...), for
 *                    logs, metrics and an HTTP backend
 * @param action      what the client wants to do
 * @param path        the path it concerns, or empty for actions without one (api, metrics, pprof)
 * @param ip          the client's address
 * @param credentials what the client presented
 * @param query       the query string of the client's URL without {@code ?}, or empty; it may
 *                    hold credentials, so it is never logged (and not in {@link #toString})
 * @param id          the session's id when the protocol has one, else empty
 */
public record AuthRequest(String protocol, AuthAction action, String path, InetAddress ip, Credentials credentials,
                          String query, String id) {

    public AuthRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(credentials, "credentials");
        query = query == null ? "" : query;
        id = id == null ? "" : id;
    }

    /** A request without query string or session id. */
    public AuthRequest(String protocol, AuthAction action, String path, InetAddress ip, Credentials credentials) {
        this(protocol, action, path, ip, credentials, "", "");
    }

    @Override
    public String toString() {
        return "AuthRequest[" + protocol + " " + action.key() + " '" + path + "' from " + ip.getHostAddress()
                + " with " + credentials + "]";
    }
}
