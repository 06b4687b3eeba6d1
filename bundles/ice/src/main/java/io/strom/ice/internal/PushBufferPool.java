package io.strom.ice.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import kotlin.jvm.functions.Function1;
import kotlin.Unit;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/**
 * Turns on ice4j's push receive path and gives it recycled buffers. With push, each shared-port
 * harvester thread hands non-STUN datagrams straight to the agent's component (no reader thread
 * per session); ice4j asks {@link BufferPool} for one buffer per datagram, which by default is a
 * new array each time, so this pool recycles them.
 *
 * <p>Both switches are static in ice4j, so they affect every user of the ice4j bundle: this
 * bundle is the only one that runs ice4j harvesters. {@link #uninstall} restores what was there.
 * The pool holds at most {@value #POOL_SIZE} buffers of {@value #BUFFER_SIZE} bytes; beyond that
 * (a burst queued in ice4j's STUN queues) buffers are allocated and left to the collector.
 */
final class PushBufferPool {

    static final int BUFFER_SIZE = 1500;
    static final int POOL_SIZE = 1024;

    private final ArrayBlockingQueue<Buffer> free = new ArrayBlockingQueue<>(POOL_SIZE);
    private final LongAdder allocations = new LongAdder();
    private Function1<? super Integer, Buffer> previousGet;
    private Function1<? super Buffer, Unit> previousReturn;
    private boolean previousPush;

    /** Installs this pool and the push flag; must run before any shared-port harvester is bound. */
    synchronized void install() {
        previousGet = BufferPool.getBuffer;
        previousReturn = BufferPool.returnBuffer;
        previousPush = AbstractUdpListener.USE_PUSH_API;
        BufferPool.getBuffer = this::take;
        BufferPool.returnBuffer = buffer -> {
            give(buffer);
            return Unit.INSTANCE;
        };
        AbstractUdpListener.USE_PUSH_API = true;
    }

    /** Restores ice4j's previous allocator and flag, so no reference to this bundle's classes stays behind. */
    synchronized void uninstall() {
        if (previousGet != null) {
            BufferPool.getBuffer = previousGet;
            BufferPool.returnBuffer = previousReturn;
            AbstractUdpListener.USE_PUSH_API = previousPush;
            previousGet = null;
        }
        free.clear();
    }

    Buffer take(int size) {
        if (size <= BUFFER_SIZE) {
            Buffer b = free.poll();
            if (b != null) {
                b.setOffset(0);
                b.setLength(size);
                return b;
            }
        }
        allocations.increment();
        return new Buffer(new byte[Math.max(size, BUFFER_SIZE)], 0, size);
    }

    void give(Buffer buffer) {
        if (buffer.getBuffer().length == BUFFER_SIZE) {
            free.offer(buffer);
        }
    }

    /** Buffers allocated because the pool was empty (steady state: stops growing). */
    long allocations() {
        return allocations.sum();
    }
}
