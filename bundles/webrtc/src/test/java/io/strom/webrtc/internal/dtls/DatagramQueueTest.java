package io.strom.webrtc.internal.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class DatagramQueueTest {
    private final DatagramQueue queue = new DatagramQueue(2, 4);
    private final byte[] out = new byte[8];

    @Test
    void keepsOrderAndCountsOverflowAndOversize() throws Exception {
        assertTrue(offer(1, 2));
        assertTrue(offer(3, 4, 5, 6));
        assertFalse(offer(7));
        assertFalse(offer(1, 2, 3, 4, 5));
        assertEquals(1, queue.droppedFull());
        assertEquals(1, queue.droppedOversize());

        assertEquals(2, queue.pollNow(out, 0, out.length));
        assertArrayEquals(new byte[] {1, 2}, Arrays.copyOf(out, 2));
        assertEquals(4, queue.poll(out, 0, out.length, 10));
        assertArrayEquals(new byte[] {3, 4, 5, 6}, Arrays.copyOf(out, 4));
        assertEquals(-1, queue.pollNow(out, 0, out.length));
    }

    @Test
    void slotBuffersAreAllocatedOnDemandAndTrimmedWhenFree() throws Exception {
        assertEquals(0, queue.allocatedSlots(), "nothing allocated up front");
        assertTrue(offer(1, 2));
        assertTrue(offer(3));
        assertEquals(2, queue.allocatedSlots());
        queue.trim();
        assertEquals(2, queue.allocatedSlots(), "slots holding datagrams keep their buffers");
        assertEquals(2, queue.pollNow(out, 0, out.length));
        queue.trim();
        assertEquals(1, queue.allocatedSlots());
        assertEquals(1, queue.pollNow(out, 0, out.length));
        assertEquals(3, out[0]);
        queue.trim();
        assertEquals(0, queue.allocatedSlots());
        assertTrue(offer(4, 5, 6), "a trimmed queue takes datagrams again");
        assertEquals(3, queue.pollNow(out, 0, out.length));
        assertArrayEquals(new byte[] {4, 5, 6}, Arrays.copyOf(out, 3));
        queue.close();
        assertEquals(0, queue.allocatedSlots(), "closing gives back every buffer");
    }

    @Test
    void leavesTheBorrowedBufferAlone() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {9, 8, 7});
        buf.readByte();
        assertTrue(queue.offer(buf));
        assertEquals(1, buf.readerIndex());
        assertEquals(1, buf.refCnt());
        buf.release();
    }

    @Test
    void truncatesIntoASmallerBufferAsASocketWould() throws Exception {
        offer(1, 2, 3, 4);
        assertEquals(2, queue.pollNow(out, 1, 2));
        assertArrayEquals(new byte[] {0, 1, 2, 0}, Arrays.copyOf(out, 4));
    }

    @Test
    void pollTimesOutWhenNothingArrives() throws Exception {
        long start = System.nanoTime();
        assertEquals(-1, queue.poll(out, 0, out.length, 50));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(45));
    }

    @Test
    void closeWakesAnIndefinitelyWaitingReader() throws Exception {
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.poll(out, 0, out.length, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(reader.isDone());
        queue.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> reader.get(1, TimeUnit.SECONDS));
        assertInstanceOf(DatagramQueue.QueueClosedException.class, e.getCause().getCause());
        assertFalse(offer(1));
        assertThrows(DatagramQueue.QueueClosedException.class, () -> queue.pollNow(out, 0, out.length));
    }

    private boolean offer(int... bytes) {
        byte[] datagram = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            datagram[i] = (byte) bytes[i];
        }
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        try {
            return queue.offer(buf);
        } finally {
            buf.release();
        }
    }
}
