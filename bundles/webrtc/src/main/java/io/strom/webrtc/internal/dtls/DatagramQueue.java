package io.strom.webrtc.internal.dtls;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.netty.buffer.ByteBuf;

/**
 * A bounded FIFO of inbound datagrams between the thread that delivers them and the thread that
 * runs Bouncy Castle's record layer. A slot's buffer is allocated when a datagram first needs it
 * and kept while datagrams flow (a handshake); {@link #trim} gives back the buffers of the free
 * slots, so an established session, which rarely receives DTLS, holds none.
 *
 * <p>A datagram longer than a slot, or one arriving while all slots are taken, is dropped and
 * counted: DTLS retransmits handshake flights, so a drop only delays a handshake, and a peer
 * that floods us cannot grow our memory. Once closed, every poll fails so that a blocked
 * handshake thread returns at once.
 */
final class DatagramQueue {
    private final byte[][] slots;
    private final int[] lengths;
    private final int slotSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private int head;
    private int count;
    private boolean closed;
    /** Written under the lock, read without it. */
    private volatile long droppedFull;
    private volatile long droppedOversize;

    DatagramQueue(int capacity, int slotSize) {
        if (capacity < 1 || slotSize < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " and slot size " + slotSize
                    + " must be positive");
        }
        this.slots = new byte[capacity][];
        this.lengths = new int[capacity];
        this.slotSize = slotSize;
    }

    int slotSize() {
        return slotSize;
    }

    /**
     * Copies the datagram's readable bytes into a free slot; the buffer is borrowed, its indices
     * are left unchanged. Returns false if it was dropped (closed, full or oversize).
     */
    boolean offer(ByteBuf datagram) {
        int length = datagram.readableBytes();
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (length > slotSize) {
                droppedOversize++;
                return false;
            }
            if (count == slots.length) {
                droppedFull++;
                return false;
            }
            int tail = (head + count) % slots.length;
            if (slots[tail] == null) {
                slots[tail] = new byte[slotSize];
            }
            datagram.getBytes(datagram.readerIndex(), slots[tail], 0, length);
            lengths[tail] = length;
            count++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the oldest datagram into {@code buf}, waiting up to {@code waitMillis} (0: until one
     * arrives or the queue closes). A datagram longer than {@code len} is truncated, as a datagram
     * socket would; the record layer then discards it as malformed.
     *
     * @return the datagram's length, or -1 if none arrived in time
     * @throws QueueClosedException once the queue is closed
     * @throws InterruptedException if the waiting thread is interrupted
     */
    int poll(byte[] buf, int off, int len, long waitMillis) throws QueueClosedException, InterruptedException {
        lock.lock();
        try {
            long remainingNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (count == 0 && !closed) {
                if (waitMillis == 0) {
                    notEmpty.await();
                } else if (remainingNanos <= 0) {
                    return -1;
                } else {
                    remainingNanos = notEmpty.awaitNanos(remainingNanos);
                }
            }
            return take(buf, off, len);
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #poll} without waiting: -1 when empty. */
    int pollNow(byte[] buf, int off, int len) throws QueueClosedException {
        lock.lock();
        try {
            return count == 0 && !closed ? -1 : take(buf, off, len);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the queue, wakes every waiting thread and gives back every slot's buffer; idempotent. */
    void close() {
        lock.lock();
        try {
            closed = true;
            count = 0;
            java.util.Arrays.fill(slots, null);
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the buffers of the slots that hold no datagram; they are allocated again when needed. */
    void trim() {
        lock.lock();
        try {
            for (int i = count; i < slots.length; i++) {
                slots[(head + i) % slots.length] = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many slots hold a buffer now. */
    int allocatedSlots() {
        lock.lock();
        try {
            int n = 0;
            for (byte[] slot : slots) {
                n += slot == null ? 0 : 1;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Datagrams dropped because every slot was taken. */
    long droppedFull() {
        return droppedFull;
    }

    /** Datagrams dropped because they were longer than a slot. */
    long droppedOversize() {
        return droppedOversize;
    }

    private int take(byte[] buf, int off, int len) throws QueueClosedException {
        if (closed) {
            throw new QueueClosedException();
        }
        int length = Math.min(lengths[head], len);
        System.arraycopy(slots[head], 0, buf, off, length);
        head = (head + 1) % slots.length;
        count--;
        return length;
    }

    /** Thrown to a reader of a closed queue. */
    static final class QueueClosedException extends Exception {
        private static final long serialVersionUID = 1L;

        QueueClosedException() {
            super("datagram queue closed", null, false, false);
        }
    }
}
