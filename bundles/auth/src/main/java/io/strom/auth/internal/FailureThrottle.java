package io.strom.auth.internal;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password and token guessing per client address: the n-th failed login in a row
 * from one address is answered after {@code base * 2^(n-1)}, at most {@code max} (1, 2, 4, 8,
 * 16 s with the defaults). An address that has not failed for {@code forget} starts again at
 * {@code base}; a success resets it. The delay is only a number: the manager completes the
 * answer later on a scheduler, no thread waits.
 *
 * <p>Memory is bounded: at most {@value #MAX_ADDRESSES} addresses are tracked; beyond that the
 * forgotten ones are dropped, and if all are recent, new addresses get the base delay untracked.
 */
final class FailureThrottle {

    static final int MAX_ADDRESSES = 10_000;

    private final long baseNanos;
    private final long maxNanos;
    private final long forgetNanos;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, long lastNanos) {
    }

    FailureThrottle(long baseNanos, long maxNanos, long forgetNanos, LongSupplier nanoTime) {
        this.baseNanos = baseNanos;
        this.maxNanos = maxNanos;
        this.forgetNanos = forgetNanos;
        this.nanoTime = nanoTime;
    }

    /** Counts a failed login from {@code ip} and returns how long to wait before answering it. */
    long failed(InetAddress ip) {
        long now = nanoTime.getAsLong();
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(ip)) {
            failures.values().removeIf(f -> now - f.lastNanos() > forgetNanos);
            if (failures.size() >= MAX_ADDRESSES) {
                return baseNanos;
            }
        }
        Failures f = failures.compute(ip, (k, old) -> old == null || now - old.lastNanos() > forgetNanos
                ? new Failures(1, now) : new Failures(Math.min(old.count() + 1, 62), now));
        long delay = baseNanos;
        for (int i = 1; i < f.count() && delay < maxNanos; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxNanos);
    }

    /** A successful login from {@code ip}: its next failure waits {@code base} again. */
    void succeeded(InetAddress ip) {
        failures.remove(ip);
    }
}
