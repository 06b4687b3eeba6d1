package io.strom.ice.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Resolves browsers' mDNS candidate names ({@code <uuid>.local}) with one query per name: asks
 * for a name while its query is in flight share it, answers are cached for {@code ttl}, failures
 * for {@code failureTtl}, and at most {@code maxQueriesPerSecond} queries go out overall (a
 * flood of offers naming fresh {@code .local} names cannot turn the server into a multicast
 * amplifier). Never called per connectivity check: only for candidates from the signalling path.
 *
 * <p>Limits: at most {@value #MAX_ENTRIES} names cached; past that, and past the rate, a resolve
 * fails at once with {@link RejectedExecutionException} and is counted, not queued.
 */
final class MdnsResolver implements AutoCloseable {

    static final int MAX_ENTRIES = 4096;

    private final Function<String, CompletableFuture<InetAddress>> query;
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private final long failureTtlNanos;
    private final int maxQueriesPerSecond;
    private final Map<String, Entry> cache = new HashMap<>();
    private final LongAdder queries = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private long windowStart;
    private int windowQueries;

    private static final class Entry {
        final CompletableFuture<InetAddress> result;
        long expiresAt = Long.MAX_VALUE; // in flight until completed

        Entry(CompletableFuture<InetAddress> result) {
            this.result = result;
        }
    }

    /**
     * @param query               sends one query for a name and completes with its address (or fails)
     * @param nanoClock           time source ({@link System#nanoTime} in production)
     * @param maxQueriesPerSecond the overall query budget
     */
    MdnsResolver(Function<String, CompletableFuture<InetAddress>> query, LongSupplier nanoClock,
            int maxQueriesPerSecond, Duration ttl, Duration failureTtl) {
        if (maxQueriesPerSecond < 1) {
            throw new IllegalArgumentException("mdnsMaxQueriesPerSecond: " + maxQueriesPerSecond + " is below 1");
        }
        this.query = query;
        this.nanoClock = nanoClock;
        this.maxQueriesPerSecond = maxQueriesPerSecond;
        this.ttlNanos = ttl.toNanos();
        this.failureTtlNanos = failureTtl.toNanos();
        this.windowStart = nanoClock.getAsLong();
    }

    /** The address of {@code name}; completes later, never blocks. */
    CompletableFuture<InetAddress> resolve(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Entry entry;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            entry = cache.get(key);
            if (entry != null && entry.expiresAt - now > 0) {
                return entry.result;
            }
            if (entry != null) {
                cache.remove(key);
            }
            if (cache.size() >= MAX_ENTRIES) {
                evictExpired(now);
            }
            if (cache.size() >= MAX_ENTRIES || !takeQueryBudget(now)) {
                rateLimited.increment();
                return CompletableFuture.failedFuture(new RejectedExecutionException("mDNS query budget exhausted"));
            }
            queries.increment();
            entry = new Entry(new CompletableFuture<>());
            cache.put(key, entry);
        }
        Entry sent = entry;
        CompletableFuture<InetAddress> answer;
        try {
            answer = query.apply(key);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((address, error) -> {
            synchronized (this) {
                sent.expiresAt = nanoClock.getAsLong() + (error == null ? ttlNanos : failureTtlNanos);
            }
            if (error == null) {
                sent.result.complete(address);
            } else {
                sent.result.completeExceptionally(error);
            }
        });
        return sent.result;
    }

    private boolean takeQueryBudget(long now) {
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            windowQueries = 0;
        }
        if (windowQueries >= maxQueriesPerSecond) {
            return false;
        }
        windowQueries++;
        return true;
    }

    private void evictExpired(long now) {
        for (Iterator<Entry> it = cache.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt - now <= 0) {
                it.remove();
            }
        }
    }

    /** Queries really sent (for tests and metrics). */
    long queries() {
        return queries.sum();
    }

    /** Resolves refused by the rate or size limit. */
    long rateLimited() {
        return rateLimited.sum();
    }

    @Override
    public synchronized void close() {
        for (Entry e : cache.values()) {
            e.result.completeExceptionally(new IllegalStateException("mDNS resolver closed"));
        }
        cache.clear();
    }
}
