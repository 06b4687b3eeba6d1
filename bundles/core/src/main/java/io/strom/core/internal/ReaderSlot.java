package io.strom.core.internal;

import io.strom.api.media.MediaDescription;
import io.strom.api.media.Unit;
import io.strom.api.path.PathConf;
import io.strom.api.path.Reader;
import io.strom.api.path.ReaderHandle;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader attached to a {@link Stream}: its bounded queue and the task that drains it on the
 * reader's executor.
 *
 * <p>The publisher thread {@linkplain #offer offers} each unit, retained once for this reader;
 * when the queue is full the unit is dropped whole and counted, and the count is logged at most
 * once per second. At most one drain task is outstanding at a time (the {@code scheduled} flag),
 * so {@link Reader#onUnit} is never called concurrently and no task is allocated per unit. After
 * {@link #close} the drain releases what is left instead of delivering it, and any unit that
 * races in later is released by the drain its offer schedules.
 */
final class ReaderSlot implements ReaderHandle, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderSlot.class);
    private static final int DRAIN_BATCH = 64;
    private static final long DROP_LOG_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final Stream stream;
    private final Reader reader;
    private final ReaderQueue queue;
    private final LongSupplier nanoClock;
    private final boolean readsRtp;
    private final boolean readsAccessUnits;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean notified = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    // Written by the publisher thread only.
    private long droppedSinceLog;
    private long lastDropLog;

    ReaderSlot(Stream stream, Reader reader, int queueSize, LongSupplier nanoClock) {
        this.stream = stream;
        this.reader = reader;
        this.queue = new ReaderQueue(queueSize);
        this.nanoClock = nanoClock;
        this.readsRtp = reader.readsRtpPackets();
        this.readsAccessUnits = reader.readsAccessUnits();
        this.lastDropLog = nanoClock.getAsLong() - DROP_LOG_INTERVAL;
    }

    Reader reader() {
        return reader;
    }

    /**
     * Queues {@code unit} for this reader, retaining it; drops it whole when the queue is full.
     * A unit with nothing this reader consumes is skipped.
     */
    void offer(Unit unit) {
        if (!(readsRtp && unit.rtpPacketCount() > 0) && !(readsAccessUnits && unit.accessUnit() != null)) {
            return;
        }
        unit.retain();
        if (!queue.offer(unit)) {
            unit.release();
            countDrop();
            return;
        }
        schedule();
    }

    private void countDrop() {
        dropped.incrementAndGet();
        stream.countDrop();
        droppedSinceLog++;
        long now = nanoClock.getAsLong();
        if (now - lastDropLog >= DROP_LOG_INTERVAL) {
            LOG.warn("reader {} {} on path '{}' is too slow, discarding {} units", reader.type(), reader.id(),
                    stream.name(), droppedSinceLog);
            droppedSinceLog = 0;
            lastDropLog = now;
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                reader.executor().execute(this);
            } catch (RejectedExecutionException e) {
                // The reader's event loop is gone: we hold the drain token, so drain here.
                closed = true;
                run();
            }
        }
    }

    /** Drains up to a batch of units on the reader's executor, then yields to other tasks. */
    @Override
    public void run() {
        for (int n = 0; n < DRAIN_BATCH; n++) {
            Unit unit = queue.poll();
            if (unit == null) {
                break;
            }
            try {
                if (!closed) {
                    stream.countSent(unit.size());
                    reader.onUnit(unit);
                }
            } catch (RuntimeException e) {
                LOG.warn("reader {} {} failed on a unit", reader.type(), reader.id(), e);
            } finally {
                unit.release();
            }
        }
        scheduled.set(false);
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    /** Ends this reader because of the core (publisher gone, path removed); tells the reader once. */
    void closeByCore(String reason) {
        closeQuietly();
        if (notified.compareAndSet(false, true)) {
            try {
                reader.close(reason);
            } catch (RuntimeException e) {
                LOG.warn("reader {} {} failed to close", reader.type(), reader.id(), e);
            }
        }
    }

    private void closeQuietly() {
        closed = true;
        schedule(); // the drain releases whatever is still queued
    }

    @Override
    public void requestKeyframe() {
        stream.requestKeyframe();
    }

    @Override
    public void close() {
        notified.set(true); // the reader is closing itself: no callback
        stream.removeReader(this);
        closeQuietly();
    }

    @Override
    public PathConf conf() {
        return stream.conf();
    }

    @Override
    public MediaDescription description() {
        return stream.description();
    }

    @Override
    public long droppedUnits() {
        return dropped.get();
    }
}
