package io.strom.auth.internal;

import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One {@code authMethod}: internal users, an HTTP backend or JWTs. The manager picks one per
 * configuration and adds what every method shares (the brute-force delay, off-loop execution).
 */
interface AuthMethod {

    /** The answer, computed on the calling thread (may block for HTTP and JWKS methods). */
    AuthResult check(AuthRequest request);

    /** The answer without blocking the caller; never completes exceptionally. */
    default CompletionStage<AuthResult> checkAsync(AuthRequest request) {
        return CompletableFuture.completedFuture(check(request));
    }

    /** Frees what the method holds (connections, caches). */
    default void close() {
    }
}
