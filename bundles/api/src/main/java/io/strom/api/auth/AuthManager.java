package io.strom.api.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides whether a client may publish, read or reach an endpoint (MediaMTX's
 * {@code authMethod}: internal users, an HTTP backend or JWTs). Protocols call it for every
 * session they open; it is thread-safe.
 *
 * <p>An answer may need the network (an HTTP backend, a JWKS download), and a refused login is
 * answered late on purpose: so code on an event loop calls {@link #authenticateAsync} and
 * continues on its own loop when the stage completes; {@link #authenticate} blocks the calling
 * thread until the answer and is for threads that may wait.
 *
 * <p>A refusal because no credentials were given tells the protocol to ask for them (401 with
 * a challenge, RTMP error) and comes at once; a refusal of given credentials is a failed login,
 * which the implementation counts and slows down per client address (the stage completes later,
 * without holding a thread).
 */
@ProviderType
public interface AuthManager {

    /**
     * Whether {@code request} is allowed, and as whom; blocks until the answer is known (up to
     * the HTTP backend's timeout, plus the delay of a failed login). Never call it on an event loop.
     */
    AuthResult authenticate(AuthRequest request);

    /**
     * Whether {@code request} is allowed, without blocking the caller: the stage completes on a
     * thread of the implementation (or already completed), never exceptionally — a backend that
     * fails or times out is a refusal.
     *
     * @since 0.2.0
     */
    default CompletionStage<AuthResult> authenticateAsync(AuthRequest request) {
        return CompletableFuture.completedFuture(authenticate(request));
    }
}
