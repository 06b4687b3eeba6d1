package io.strom.nack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The per-packet paths allocate nothing in steady state, measured with the JVM's per-thread
 * allocation counter. Packets come from an allocator outside the leak detector, which the tests
 * run in paranoid mode and which allocates a trace per retain by design.
 */
class NackAllocationTest {

    private static final int MEASURED = 500_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void addAndGetAllocateNothing() {
        ByteBuf[] packets = new ByteBuf[2048];
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
        for (int i = 0; i < packets.length; i++) {
            packets[i] = alloc.heapBuffer(1200).writeZero(1200);
        }
        RingRetransmissionBuffer buffer = new RingRetransmissionBuffer(1024);
        long[] found = new long[1];
        Runnable run = () -> {
            for (int i = 0; i < MEASURED; i++) {
                int seq = i & 0xFFFF;
                buffer.add(seq, packets[i & 2047]);
                if (buffer.get((seq - 100) & 0xFFFF) != null) {
                    found[0]++;
                }
            }
        };
        long allocated = measure(run);
        assertTrue(found[0] > MEASURED, "gets hit in both runs: " + found[0]);
        assertTrue(allocated < MEASURED / 10, allocated + " bytes allocated for " + MEASURED + " add+get");
        buffer.close();
        for (ByteBuf p : packets) {
            assertEquals(1, p.refCnt());
        }
    }

    @Test
    void trackingLossAllocatesNothing() {
        RingNackGenerator generator = new RingNackGenerator(new NackSettings(1024, 256, 3, 256));
        long[] asked = new long[1];
        IntConsumer sink = seq -> asked[0]++;
        Runnable run = () -> {
            for (int i = 0; i < MEASURED; i++) {
                // Lose one packet in 50, ask every 20 packets (an RTCP interval at ~1000 packets/s).
                if (i % 50 != 7) {
                    generator.received(i & 0xFFFF);
                }
                if (i % 20 == 0) {
                    generator.missing(sink);
                }
            }
        };
        long allocated = measure(run);
        assertTrue(asked[0] > 0, "losses were asked for");
        assertTrue(allocated < MEASURED / 10, allocated + " bytes allocated for " + MEASURED + " packets");
    }

    /** Bytes the calling thread allocated in a second run of {@code run}; the first warms up the JIT. */
    private static long measure(Runnable run) {
        run.run();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        run.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
