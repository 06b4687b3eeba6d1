package io.strom.ice.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Cache, de-duplication and rate limit of the mDNS resolver, with a query function the test controls. */
class MdnsResolverTest {

    /** Records each query and lets the test answer it. */
    static final class FakeQuery implements Function<String, CompletableFuture<InetAddress>> {
        final Map<String, CompletableFuture<InetAddress>> sent = new ConcurrentHashMap<>();
        final List<String> names = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<InetAddress> apply(String name) {
            names.add(name);
            CompletableFuture<InetAddress> f = new CompletableFuture<>();
            sent.put(name, f);
            return f;
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FakeQuery query = new FakeQuery();
    private final MdnsResolver resolver = new MdnsResolver(query, now::get, 10, Duration.ofMinutes(2),
            Duration.ofSeconds(10));

    @Test
    void fiftyConcurrentResolvesOfOneNameSendOneQuery() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<InetAddress>>> asks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            asks.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return resolver.resolve("Peer-1.local");
            }, pool));
        }
        go.countDown();
        List<CompletableFuture<InetAddress>> results = new ArrayList<>();
        for (var a : asks) {
            results.add(a.get(5, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, resolver.queries());
        assertEquals(List.of("peer-1.local"), query.names);
        InetAddress answer = InetAddress.getByAddress(new byte[] {10, 0, 0, 7});
        query.sent.get("peer-1.local").complete(answer);
        for (var r : results) {
            assertEquals(answer, r.get(1, TimeUnit.SECONDS));
        }
    }

    @Test
    void answersAreCachedForTheirTtlThenAskedAgain() throws Exception {
        resolver.resolve("a.local");
        query.sent.get("a.local").complete(InetAddress.getLoopbackAddress());
        now.addAndGet(Duration.ofSeconds(119).toNanos());
        assertEquals(InetAddress.getLoopbackAddress(), resolver.resolve("a.local").get());
        assertEquals(1, resolver.queries());
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertFalse(resolver.resolve("a.local").isDone());
        assertEquals(2, resolver.queries());
    }

    @Test
    void failuresAreCachedShortly() {
        resolver.resolve("gone.local");
        query.sent.get("gone.local").completeExceptionally(new java.util.concurrent.TimeoutException());
        assertTrue(resolver.resolve("gone.local").isCompletedExceptionally());
        assertEquals(1, resolver.queries());
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        resolver.resolve("gone.local");
        assertEquals(2, resolver.queries());
    }

    @Test
    void atMostTheConfiguredQueriesPerSecond() {
        for (int i = 0; i < 15; i++) {
            resolver.resolve("n" + i + ".local");
        }
        assertEquals(10, resolver.queries());
        assertEquals(5, resolver.rateLimited());
        assertTrue(resolver.resolve("n14.local").isCompletedExceptionally(), "refused names are not cached as pending");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertFalse(resolver.resolve("n14.local").isDone());
        assertEquals(11, resolver.queries());
    }
}
