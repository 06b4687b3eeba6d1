package io.strom.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainSchedulerTest {

    private final EventLoop publisher = new DefaultEventLoop();
    private final EventLoop reader = new DefaultEventLoop();

    @AfterEach
    void stop() throws InterruptedException {
        publisher.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        reader.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    /** A drain that records whether the publisher's task was still running when it ran. */
    private static final class Recording implements DrainScheduler.Drain {
        final List<String> events;
        final String name;
        final CountDownLatch done;
        final AtomicInteger rejected = new AtomicInteger();

        Recording(List<String> events, String name, CountDownLatch done) {
            this.events = events;
            this.name = name;
            this.done = done;
        }

        @Override
        public void run() {
            events.add(name);
            done.countDown();
        }

        @Override
        public void executorRejected() {
            rejected.incrementAndGet();
            done.countDown();
        }
    }

    @Test
    void handOffsFromAnEventLoopWaitUntilItsTaskEndsAndRunOnce() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        publisher.execute(() -> {
            for (String name : List.of("a", "b", "c")) {
                DrainScheduler.schedule(reader, new Recording(events, name, done));
            }
            // Were they handed over at once, the reader's loop would have run them by now.
            sleep(200);
            events.add("publisher task ends");
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("publisher task ends", "a", "b", "c"), events);
    }

    @Test
    void offAnEventLoopTheDrainIsHandedOverAtOnce() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        DrainScheduler.schedule(reader, new Recording(events, "a", done));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("a"), events);
    }

    @Test
    void aStoppedReaderLoopIsToldToTheDrain() throws Exception {
        reader.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        CountDownLatch done = new CountDownLatch(1);
        Recording drain = new Recording(new CopyOnWriteArrayList<>(), "a", done);
        publisher.execute(() -> DrainScheduler.schedule(reader, drain));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(1, drain.rejected.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
