package io.strom.auth.internal;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The keys of {@code authJWTJWKS}, downloaded with the JDK HttpClient and kept for
 * {@code maxAge}. A token whose {@code kid} is not in the set triggers a new download (keys
 * rotate), but at most once per {@code minRefetch}, so a flood of tokens with invented key ids
 * cannot turn into a flood of requests to the key server. Concurrent callers share one download.
 */
final class JwksCache {

    private final URI address;
    private final HttpClient client;
    private final Duration timeout;
    private final long minRefetchNanos;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private JWKSet keys;
    private long fetchedNanos;
    private long lastAttemptNanos;
    private boolean attempted;
    private CompletableFuture<JWKSet> inFlight;

    JwksCache(URI address, HttpClient client, Duration timeout, long minRefetchNanos, long maxAgeNanos,
              LongSupplier nanoTime) {
        this.address = address;
        this.client = client;
        this.timeout = timeout;
        this.minRefetchNanos = minRefetchNanos;
        this.maxAgeNanos = maxAgeNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * The key set, downloaded again first when it is missing, too old, or lacks {@code kid}
     * (null: any key will do) and the last download is at least {@code minRefetch} old. Fails
     * only when no key set was ever downloaded.
     */
    synchronized CompletionStage<JWKSet> keys(String kid) {
        long now = nanoTime.getAsLong();
        boolean stale = keys == null || now - fetchedNanos >= maxAgeNanos
                || (kid != null && keys.getKeyByKeyId(kid) == null);
        boolean mayFetch = !attempted || now - lastAttemptNanos >= minRefetchNanos;
        if (inFlight != null) {
            return inFlight;
        }
        if (!stale || !mayFetch) {
            return keys != null ? CompletableFuture.completedFuture(keys)
                    : CompletableFuture.failedFuture(new IllegalStateException("no JWKS downloaded yet"));
        }
        attempted = true;
        lastAttemptNanos = now;
        HttpRequest get = HttpRequest.newBuilder(address).timeout(timeout).header("Accept", "application/json").GET().build();
        CompletableFuture<JWKSet> download = client.sendAsync(get, HttpResponse.BodyHandlers.ofString())
                .thenApply(JwksCache::parse);
        inFlight = download.handle((set, error) -> done(set));
        return inFlight;
    }

    private synchronized JWKSet done(JWKSet downloaded) {
        inFlight = null;
        if (downloaded != null) {
            keys = downloaded;
            fetchedNanos = nanoTime.getAsLong();
        }
        if (keys == null) {
            throw new IllegalStateException("the JWKS could not be downloaded");
        }
        return keys; // a failed download keeps the previous keys
    }

    private static JWKSet parse(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the JWKS server answered " + response.statusCode());
        }
        try {
            return JWKSet.parse(response.body());
        } catch (ParseException e) {
            throw new IllegalStateException("the JWKS is not a JSON Web Key Set: " + e.getMessage());
        }
    }
}
