package io.strom.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.media.Unit;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReaderQueueTest {

    @Test
    void capacityMustBeAPowerOfTwoWithinBounds() {
        for (int bad : new int[] {0, 3, 100, 65536, -4}) {
            assertThrows(IllegalArgumentException.class, () -> new ReaderQueue(bad), "capacity " + bad);
        }
        assertEquals(1, new ReaderQueue(1).capacity());
        assertEquals(32768, new ReaderQueue(32768).capacity());
    }

    @Test
    void fillsUpThenRefusesAndDrainsInOrder() {
        ReaderQueue q = new ReaderQueue(4);
        Unit[] units = new Unit[5];
        for (int i = 0; i < 5; i++) {
            units[i] = Unit.newUnit(0, i, i, true);
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(q.offer(units[i]));
        }
        assertFalse(q.offer(units[4]), "full");
        for (int i = 0; i < 4; i++) {
            assertSame(units[i], q.poll());
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        assertTrue(q.offer(units[4]), "room again after draining");
        assertSame(units[4], q.poll());
        for (Unit u : units) {
            u.release();
        }
    }

    @Test
    @Timeout(20)
    void twoProducersAndOneConsumerLoseAndDuplicateNothing() throws Exception {
        ReaderQueue q = new ReaderQueue(64);
        int perProducer = 50_000;
        Unit[] pool = new Unit[2 * perProducer];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = Unit.newUnit(0, i, i, true);
        }
        CountDownLatch start = new CountDownLatch(1);
        Thread[] producers = new Thread[2];
        for (int p = 0; p < 2; p++) {
            int base = p * perProducer;
            producers[p] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    while (!q.offer(pool[base + i])) {
                        Thread.onSpinWait();
                    }
                }
            });
            producers[p].start();
        }
        start.countDown();
        Set<Long> seen = new HashSet<>();
        long[] lastOf = {-1, -1};
        while (seen.size() < pool.length) {
            Unit u = q.poll();
            if (u == null) {
                Thread.onSpinWait();
                continue;
            }
            assertTrue(seen.add(u.pts()), "duplicate " + u.pts());
            int producer = (int) (u.pts() / perProducer);
            assertTrue(u.pts() > lastOf[producer], "per-producer order");
            lastOf[producer] = u.pts();
        }
        for (Thread t : producers) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
        assertNull(q.poll());
        for (Unit u : pool) {
            u.release();
        }
    }
}
