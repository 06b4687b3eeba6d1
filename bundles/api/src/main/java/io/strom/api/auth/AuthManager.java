package io.strom.api.auth;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides whether a client may publish, read or reach an endpoint (MediaMTX's
 * {@code authMethod}/{@code authInternalUsers}). Protocols call it for every session they open;
 * it is thread-safe and answers without blocking on the network for internal users.
 *
 * <p>A refusal because no credentials were given tells the protocol to ask for them (401 with
 * a challenge, RTMP error); a refusal of given credentials is a failed login, which the
 * implementation counts and slows down per client address.
 */
@ProviderType
public interface AuthManager {

    /** Whether {@code request} is allowed, and as whom. */
    AuthResult authenticate(AuthRequest request);
}
