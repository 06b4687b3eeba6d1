package io.strom.auth.internal;

import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code authMethod: http}: each request is POSTed to {@code authHTTPAddress} as MediaMTX's JSON
 * ({@code ip, user, password, token, action, path, protocol, id, query}); a 2xx answer allows it,
 * anything else, an unreachable backend or no answer within the timeout refuses it. Requests
 * matching {@code authHTTPExclude} are allowed without asking.
 *
 * <p>Answers (allow and refuse, not failures to reach the backend) are cached for
 * {@code cacheNanos} per request: the key is a SHA-256 of the JSON body, so a session's
 * repeated checks (RTSP's DESCRIBE then SETUP) cost one call, and identical requests in flight
 * share it. The cache holds at most {@value #MAX_CACHED} answers; when full, expired ones are
 * dropped and, if none are, new answers are not cached.
 */
final class HttpAuthMethod implements AuthMethod {

    static final int MAX_CACHED = 4096;

    private final URI address;
    private final List<Permission> exclude;
    private final long cacheNanos;
    private final Duration timeout;
    private final HttpClient client;
    private final LongSupplier nanoTime;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(CompletableFuture<AuthResult> answer, long expiresNanos) {
    }

    HttpAuthMethod(URI address, List<Permission> exclude, long cacheNanos, Duration timeout, HttpClient client,
                   LongSupplier nanoTime) {
        this.address = address;
        this.exclude = List.copyOf(exclude);
        this.cacheNanos = cacheNanos;
        this.timeout = timeout;
        this.client = client;
        this.nanoTime = nanoTime;
    }

    @Override
    public AuthResult check(AuthRequest request) {
        return checkAsync(request).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<AuthResult> checkAsync(AuthRequest request) {
        if (exclude.stream().anyMatch(p -> p.allows(request.action(), request.path()))) {
            return CompletableFuture.completedFuture(AuthResult.allow(request.credentials().user()));
        }
        String body = body(request);
        String key = sha256(body);
        long now = nanoTime.getAsLong();
        Cached cached = cache.get(key);
        if (cached != null && now - cached.expiresNanos() < 0) {
            return cached.answer();
        }
        CompletableFuture<AuthResult> answer = ask(body, request.credentials().user());
        if (cacheNanos > 0 && roomInCache(now)) {
            Cached mine = new Cached(answer, now + cacheNanos);
            cache.put(key, mine);
            answer.whenComplete((r, e) -> {
                if (r.reason().startsWith(UNREACHABLE)) {
                    cache.remove(key, mine); // a backend that failed is asked again next time
                }
            });
        }
        return answer;
    }

    private static final String UNREACHABLE = "HTTP authentication backend unreachable";

    private CompletableFuture<AuthResult> ask(String body, String user) {
        HttpRequest post = HttpRequest.newBuilder(address).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return client.sendAsync(post, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error != null) {
                return AuthResult.deny(UNREACHABLE + ": " + error.getClass().getSimpleName());
            }
            int status = response.statusCode();
            return status >= 200 && status <= 299 ? AuthResult.allow(user)
                    : AuthResult.deny("HTTP authentication backend answered " + status);
        });
    }

    private boolean roomInCache(long now) {
        if (cache.size() < MAX_CACHED) {
            return true;
        }
        cache.values().removeIf(c -> now - c.expiresNanos() >= 0);
        return cache.size() < MAX_CACHED;
    }

    /** MediaMTX's request body; {@code id} is null when the protocol has no session id. */
    static String body(AuthRequest r) {
        Credentials c = r.credentials();
        String password = c instanceof Credentials.Password p ? p.password() : "";
        String token = c instanceof Credentials.Token t ? t.token() : "";
        return "{\"ip\":" + quote(r.ip().getHostAddress()) + ",\"user\":" + quote(c.user())
                + ",\"password\":" + quote(password) + ",\"token\":" + quote(token)
                + ",\"action\":" + quote(r.action().key()) + ",\"path\":" + quote(r.path())
                + ",\"protocol\":" + quote(r.protocol()) + ",\"id\":" + (r.id().isEmpty() ? "null" : quote(r.id()))
                + ",\"query\":" + quote(r.query()) + "}";
    }

    /** A JSON string literal (RFC 8259: quote, backslash and control characters escaped). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        cache.clear();
    }

    @Override
    public String toString() {
        return "HttpAuthMethod[" + address.getScheme() + "://" + address.getHost() + ":" + address.getPort() + "]"; // no user info
    }
}
