package io.strom.core.internal;

import io.strom.api.media.Unit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free, multi-producer single-consumer queue of units (Vyukov's bounded queue:
 * each slot carries a sequence number that says whose turn it is).
 *
 * <p>Capacity is a power of two from 1 to {@link #MAX_CAPACITY}. {@link #offer} never blocks and
 * never allocates: when the queue is full it returns false and the caller drops the unit. Only
 * one thread at a time may {@link #poll}.
 */
final class ReaderQueue {

    static final int MAX_CAPACITY = 32768;

    private final AtomicReferenceArray<Unit> slots;
    private final AtomicLongArray sequences;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private long head; // consumer only

    ReaderQueue(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two from 1 to " + MAX_CAPACITY + ", got " + capacity);
        }
        slots = new AtomicReferenceArray<>(capacity);
        sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
        }
        mask = capacity - 1;
    }

    int capacity() {
        return mask + 1;
    }

    /** Adds {@code unit} unless the queue is full; any thread. */
    boolean offer(Unit unit) {
        long pos = tail.get();
        while (true) {
            int index = (int) (pos & mask);
            long seq = sequences.get(index);
            long diff = seq - pos;
            if (diff == 0) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    slots.lazySet(index, unit);
                    sequences.set(index, pos + 1);
                    return true;
                }
                pos = tail.get();
            } else if (diff < 0) {
                return false; // full
            } else {
                pos = tail.get();
            }
        }
    }

    /** The oldest unit, or null when empty; the consumer thread only. */
    Unit poll() {
        int index = (int) (head & mask);
        if (sequences.get(index) != head + 1) {
            return null;
        }
        Unit unit = slots.get(index);
        slots.lazySet(index, null);
        sequences.set(index, head + mask + 1);
        head++;
        return unit;
    }

    /** Whether a poll would find nothing now; the consumer thread only. */
    boolean isEmpty() {
        return sequences.get((int) (head & mask)) != head + 1;
    }
}
