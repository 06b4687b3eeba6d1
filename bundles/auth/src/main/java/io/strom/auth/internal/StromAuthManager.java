package io.strom.auth.internal;

import io.strom.api.auth.AuthManager;
import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import io.strom.api.settings.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuthManager}: one {@code authMethod} ({@link InternalUsers}, {@link HttpAuthMethod}
 * or {@link JwtAuthMethod}) plus what they share: a failed login (credentials given and refused)
 * is answered only after the {@link FailureThrottle}'s delay for that address, and slow checks
 * (argon2 hashes, HTTP, JWKS downloads) run on this component's two threads, never the caller's.
 *
 * <p>A configuration that cannot be used (a malformed user line, an HTTP method without address)
 * is refused as a whole with the field named, never a password: at activation the component
 * fails, on a change the previous method stays. Stopping the component stops its threads and
 * answers every delayed refusal at once.
 */
@Component(configurationPid = StromAuthManager.PID)
@Designate(ocd = StromAuthManager.Config.class)
public class StromAuthManager implements AuthManager, MetricsSource {

    static final String PID = "io.strom.auth";
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    static final Duration JWKS_MIN_REFETCH = Duration.ofSeconds(5);
    static final Duration JWKS_MAX_AGE = Duration.ofHours(1);
    static final Duration FAILURE_DELAY = Duration.ofSeconds(1);
    static final Duration FAILURE_DELAY_MAX = Duration.ofSeconds(16);
    static final Duration FAILURE_FORGET = Duration.ofMinutes(5);

    @ObjectClassDefinition(id = PID, name = "Strom authentication",
            description = "Who may publish, read and reach the API, metrics and profiling endpoints.")
    @interface Config {
        @AttributeDefinition(name = "Method", description = "How clients are authenticated: 'internal' (the users "
                + "below), 'http' (ask the HTTP backend at authHTTPAddress) or 'jwt' (a JWT signed by a key of "
                + "authJWTJWKS).", options = {@Option(value = "internal"), @Option(value = "http"), @Option(value = "jwt")})
        String authMethod() default "internal";

        @AttributeDefinition(name = "Internal users", description = "One user per entry: 'user=NAME pass=SECRET "
                + "ips=NET,NET permissions=ACTION[:PATH],...'. user=any without pass matches everybody. pass is "
                + "plain, sha256:BASE64 or argon2:$argon2id$v=19$m=..,t=..,p=..$SALT$HASH (argon2 costs its m KiB "
                + "and CPU time per login). Actions: publish, read, playback, api, metrics, pprof; PATH is exact or "
                + "~regex, none means every path. An empty ips means every address.")
        String[] authInternalUsers() default {
            "user=any permissions=publish,read,playback",
            "user=any ips=127.0.0.1,::1 permissions=api,metrics,pprof"
        };

        @AttributeDefinition(name = "HTTP backend", description = "With authMethod http: the URL each request is "
                + "POSTed to as JSON (ip, user, password, token, action, path, protocol, id, query); a 2xx answer "
                + "allows, anything else or no answer within 5 s refuses.")
        String authHTTPAddress() default "";

        @AttributeDefinition(name = "HTTP exclusions", description = "With authMethod http: requests allowed "
                + "without asking the backend, one ACTION[:PATH] per entry.")
        String[] authHTTPExclude() default {"api", "metrics", "pprof"};

        @AttributeDefinition(name = "HTTP answer cache", description = "With authMethod http: how long an answer "
                + "is reused for the same request (same user, password, token, address, action, path, protocol, "
                + "id and query), like \"2s\"; 0s asks every time. Longer saves backend calls but delays revocation.")
        String authHTTPCacheTime() default "2s";

        @AttributeDefinition(name = "JWKS", description = "With authMethod jwt: the URL of the JSON Web Key Set "
                + "whose keys sign the tokens. Kept for an hour; downloaded again for an unknown key id, at most "
                + "every 5 s.")
        String authJWTJWKS() default "";

        @AttributeDefinition(name = "JWT claim", description = "With authMethod jwt: the claim holding the "
                + "permissions, a list of {action, path}.")
        String authJWTClaimKey() default "mediamtx_permissions";
    }

    private static final Logger LOG = LoggerFactory.getLogger(StromAuthManager.class);

    private final ScheduledThreadPoolExecutor executor;
    private final HttpClient client;
    private final FailureThrottle throttle;
    /** Refused logins (credentials given and wrong) per protocol, for metrics. */
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<AuthResult>> delayed = ConcurrentHashMap.newKeySet();
    private volatile AuthMethod method;

    @Activate
    public StromAuthManager(Config config) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "strom-auth-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(HTTP_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.throttle = new FailureThrottle(FAILURE_DELAY.toNanos(), FAILURE_DELAY_MAX.toNanos(),
                FAILURE_FORGET.toNanos(), System::nanoTime);
        try {
            this.method = build(config);
        } catch (IllegalArgumentException e) {
            close();
            throw e;
        }
        LOG.info("authentication: {}", config.authMethod());
    }

    @Modified
    void modified(Config config) {
        try {
            AuthMethod previous = method;
            method = build(config);
            previous.close();
            LOG.info("authentication: {}", config.authMethod());
        } catch (IllegalArgumentException e) {
            LOG.error("authentication configuration refused, the previous one stays: {}", e.getMessage());
        }
    }

    @Deactivate
    void close() {
        if (method != null) {
            method.close();
        }
        executor.shutdownNow();
        if (client instanceof AutoCloseable closeable) { // Java 21+: stops the client's selector thread
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the HTTP client failed", e);
            }
        }
        for (CompletableFuture<AuthResult> f : delayed) {
            f.complete(AuthResult.deny("authentication stopped"));
        }
    }

    /** The method {@code config} describes; the message names the field that is wrong. */
    AuthMethod build(Config config) {
        InternalUsers users = InternalUsers.parse(config.authInternalUsers());
        return switch (config.authMethod()) {
            case "internal" -> users;
            case "http" -> new HttpAuthMethod(url("authHTTPAddress", config.authHTTPAddress()),
                    permissions("authHTTPExclude", config.authHTTPExclude()),
                    Durations.parse("authHTTPCacheTime", config.authHTTPCacheTime()).toNanos(), HTTP_TIMEOUT, client,
                    System::nanoTime);
            case "jwt" -> new JwtAuthMethod(new JwksCache(url("authJWTJWKS", config.authJWTJWKS()), client,
                    HTTP_TIMEOUT, JWKS_MIN_REFETCH.toNanos(), JWKS_MAX_AGE.toNanos(), System::nanoTime),
                    claimKey(config.authJWTClaimKey()), Clock.systemUTC());
            default -> throw new IllegalArgumentException("authMethod: '" + config.authMethod()
                    + "' is not one of internal, http, jwt");
        };
    }

    static URI url(String field, String value) {
        try {
            URI uri = new URI(value.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        String shown = value.replaceFirst("//[^/@]*@", "//...@"); // a password in the URL stays out of the log
        throw new IllegalArgumentException(field + ": '" + shown + "' is not an http:// or https:// URL");
    }

    private static List<Permission> permissions(String field, String[] entries) {
        List<Permission> out = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            try {
                out.add(Permission.parse(entries[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + "[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private static String claimKey(String key) {
        if (key.isBlank()) {
            throw new IllegalArgumentException("authJWTClaimKey: must not be empty");
        }
        return key.trim();
    }

    @Override
    public void collect(MetricsWriter out) {
        failures.forEach((protocol, count) -> out.counter("strom_auth_failures_total",
                "Logins refused because the credentials given were wrong.", count.sum(), "protocol", protocol));
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        return authenticateAsync(request).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<AuthResult> authenticateAsync(AuthRequest request) {
        AuthMethod m = method;
        CompletionStage<AuthResult> answer;
        try {
            answer = m instanceof InternalUsers users && users.slow()
                    ? CompletableFuture.supplyAsync(() -> users.check(request), executor)
                    : m.checkAsync(request);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(AuthResult.deny("authentication stopped"));
        }
        return answer.exceptionally(e -> {
            LOG.warn("authentication of {} failed", request, e);
            return AuthResult.deny("authentication failed: " + e.getClass().getSimpleName());
        }).thenCompose(result -> settle(request, result));
    }

    /** Allowed and anonymous answers go out at once; a failed login after its address's delay. */
    private CompletionStage<AuthResult> settle(AuthRequest request, AuthResult result) {
        if (request.credentials() instanceof Credentials.None) {
            return CompletableFuture.completedFuture(result);
        }
        if (result.allowed()) {
            throttle.succeeded(request.ip());
            return CompletableFuture.completedFuture(result);
        }
        failures.computeIfAbsent(request.protocol(), p -> new LongAdder()).increment();
        long delay = throttle.failed(request.ip());
        LOG.info("{} login from {} as '{}' refused, answered in {} ms: {}", request.protocol(),
                request.ip().getHostAddress(), request.credentials().user(), TimeUnit.NANOSECONDS.toMillis(delay),
                result.reason());
        CompletableFuture<AuthResult> later = new CompletableFuture<>();
        delayed.add(later);
        later.whenComplete((r, e) -> delayed.remove(later));
        try {
            executor.schedule(() -> later.complete(result), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            later.complete(result);
        }
        return later;
    }

}
