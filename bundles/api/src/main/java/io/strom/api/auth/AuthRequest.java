package io.strom.api.auth;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One question to the {@link AuthManager}.
 *
 * @param protocol    who asks ({@code rtsp}, {@code rtmp}, {@code api}, ...), for logs and metrics
 * @param action      what the client wants to do
 * @param path        the path it concerns, or empty for actions without one (api, metrics, pprof)
 * @param ip          the client's address
 * @param credentials what the client presented
 */
public record AuthRequest(String protocol, AuthAction action, String path, InetAddress ip, Credentials credentials) {

    public AuthRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(credentials, "credentials");
    }
}
