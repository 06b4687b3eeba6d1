package io.strom.nack.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.nack.RetransmissionBuffer;

/**
 * A ring of {@code size} slots indexed by {@code sequenceNumber & (size - 1)}, each holding one
 * retained packet and the sequence number it was sent with.
 *
 * <p>Ownership: {@link #add} retains the packet (the caller keeps its own reference) and releases
 * the packet it displaces; {@link #get} lends the packet, valid until the next {@code add} or
 * {@link #close} on the same event loop. A slot answers only for the exact sequence number it
 * holds, so after 65536 packets a stale packet is never sent for a recycled number. Bad input
 * (a number outside 0..65535, a null or already released packet, an add after close) is counted
 * and dropped, never thrown into the sender's event loop.
 */
final class RingRetransmissionBuffer implements RetransmissionBuffer {

    private final ByteBuf[] packets;
    private final int[] sequenceNumbers;
    private final int mask;
    private final NackMetrics metrics;
    private long rejected;
    private boolean closed;

    /** {@code size} must be a power of two; {@link NackSettings} validates the configured one. */
    RingRetransmissionBuffer(int size) {
        this(size, new NackMetrics());
    }

    /** As {@link #RingRetransmissionBuffer(int)}, counting look-ups into the factory's {@code metrics}. */
    RingRetransmissionBuffer(int size, NackMetrics metrics) {
        this.metrics = metrics;
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size " + size + " is not a power of two");
        }
        packets = new ByteBuf[size];
        sequenceNumbers = new int[size];
        mask = size - 1;
    }

    @Override
    public void add(int sequenceNumber, ByteBuf packet) {
        if (closed || !isSequenceNumber(sequenceNumber) || packet == null || packet.refCnt() == 0) {
            rejected++;
            return;
        }
        int slot = sequenceNumber & mask;
        ByteBuf displaced = packets[slot];
        // Retain before releasing: the same packet may be added again under the same number.
        packets[slot] = packet.retain();
        sequenceNumbers[slot] = sequenceNumber;
        if (displaced != null) {
            displaced.release();
        }
    }

    @Override
    public ByteBuf get(int sequenceNumber) {
        if (!isSequenceNumber(sequenceNumber)) {
            return null;
        }
        int slot = sequenceNumber & mask;
        ByteBuf packet = packets[slot];
        ByteBuf found = packet != null && sequenceNumbers[slot] == sequenceNumber ? packet : null;
        metrics.lookedUp(found != null);
        return found;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < packets.length; i++) {
            if (packets[i] != null) {
                packets[i].release();
                packets[i] = null;
            }
        }
    }

    /** Packets refused by {@link #add}: bad sequence number, null or released packet, or added after close. */
    long rejected() {
        return rejected;
    }

    private static boolean isSequenceNumber(int n) {
        return (n & ~0xFFFF) == 0;
    }
}
