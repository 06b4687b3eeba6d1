package io.strom.core.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands reader drains to the readers' executors, batched per publisher event-loop task run.
 *
 * <p>A publisher's loop writes several units from one socket read (a video frame is many RTP
 * packets); handing each reader a drain per unit wakes the reader's loop (an eventfd write and
 * an epoll return) once per unit, and profiling showed those wake-ups as Strom's fixed cost. On
 * an event loop, the hand-offs are collected instead and made once by a task that runs after the
 * loop's current work, so a reader's loop wakes once per read and drains everything queued.
 * Elsewhere (no event loop, or a reader on the same loop) the drain is handed over at once.
 */
final class DrainScheduler {

    /** A drain, told when its executor refused it (the reader's loop is shutting down). */
    interface Drain extends Runnable {
        void executorRejected();
    }

    private static final FastThreadLocal<Batch> BATCH = new FastThreadLocal<>() {
        @Override
        protected Batch initialValue() {
            return new Batch();
        }
    };

    private DrainScheduler() {
    }

    static void schedule(Executor target, Drain drain) {
        EventExecutor current = ThreadExecutorMap.currentExecutor();
        if (current == null || current == target) {
            handOver(target, drain);
        } else {
            BATCH.get().add(current, target, drain);
        }
    }

    private static void handOver(Executor target, Drain drain) {
        try {
            target.execute(drain);
        } catch (RejectedExecutionException e) {
            drain.executorRejected();
        }
    }

    /** The hand-offs collected on one event loop; used by that loop's thread only. */
    private static final class Batch implements Runnable {
        private Executor[] targets = new Executor[16];
        private Drain[] drains = new Drain[16];
        private int size;
        private boolean flushQueued;

        void add(EventExecutor loop, Executor target, Drain drain) {
            if (size == targets.length) {
                targets = Arrays.copyOf(targets, size * 2);
                drains = Arrays.copyOf(drains, size * 2);
            }
            targets[size] = target;
            drains[size] = drain;
            size++;
            if (!flushQueued) {
                flushQueued = true;
                try {
                    loop.execute(this);
                } catch (RejectedExecutionException loopStopping) {
                    run();
                }
            }
        }

        @Override
        public void run() {
            flushQueued = false;
            // A hand-off may run code that adds to this batch (a drain on a stopped loop runs here): index, not a copy.
            for (int i = 0; i < size; i++) {
                Executor target = targets[i];
                Drain drain = drains[i];
                targets[i] = null;
                drains[i] = null;
                handOver(target, drain);
            }
            size = 0;
        }
    }
}
