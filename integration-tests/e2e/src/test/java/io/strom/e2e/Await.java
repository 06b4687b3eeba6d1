package io.strom.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition, at most a bounded time, polling every 100 ms. */
final class Await {

    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            StromServer.sleep(100);
        }
    }
}
