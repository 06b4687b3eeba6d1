package io.strom.core.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.strom.api.media.Unit;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PublisherHandle;
import io.strom.core.internal.Fakes.TestPublisher;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The fan-out allocates nothing per unit in steady state: write, per-reader retain and enqueue,
 * drain, release and recycling of the unit. Measured with the JVM's per-thread allocation
 * counter on a Netty FastThreadLocal thread (where publishers write; Netty pools only there),
 * with readers draining inline on the same thread so every byte is counted. Units carry no
 * buffer here: buffer pooling is Netty's, and the test JVM's paranoid leak detection allocates
 * a trace per buffer by design.
 */
class StreamAllocationTest {

    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 200_000;

    @Test
    void writingToTenReadersAllocatesLessThanOneBytePerUnit() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PathManagerImpl manager = new PathManagerImpl(Fakes.coreConfig(64), Clock.systemUTC(), System::nanoTime);
        manager.put("all", Fakes.conf("all_others", true, 0));
        PublisherHandle pub = manager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p"), Fakes.H264_OPUS));
        AtomicLong delivered = new AtomicLong();
        for (int i = 0; i < 10; i++) {
            manager.addReader(new AddReaderRequest("cam", new CountingReader("r" + i, delivered)));
        }
        AtomicLong allocated = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loop = new FastThreadLocalThread(() -> {
            try {
                write(pub, WARM_UP);
                long before = threads.getCurrentThreadAllocatedBytes();
                write(pub, MEASURED);
                allocated.set(threads.getCurrentThreadAllocatedBytes() - before);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "publisher-loop");
        loop.start();
        loop.join(60_000);
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertTrue(delivered.get() == 10L * (WARM_UP + MEASURED), "every reader got every unit: " + delivered.get());
        assertTrue(allocated.get() < MEASURED, allocated.get() + " bytes allocated for " + MEASURED + " units");
        pub.close();
        manager.close();
    }

    /**
     * A 1200-byte RTP packet, one reference per unit, like a publisher's. Outside the leak
     * detector, which the tests run in paranoid mode and which allocates a trace per retain.
     */
    private static final io.netty.buffer.ByteBuf PACKET = new io.netty.buffer.UnpooledByteBufAllocator(true, true)
            .directBuffer(1200).writeZero(1200);

    private static void write(PublisherHandle pub, int count) {
        for (int i = 0; i < count; i++) {
            pub.write(Unit.newUnit(i & 1, i, i, true).addRtpPacket(PACKET.retain()));
        }
    }

    private static final class CountingReader implements io.strom.api.path.Reader {
        private final String id;
        private final AtomicLong delivered;

        CountingReader(String id, AtomicLong delivered) {
            this.id = id;
            this.delivered = delivered;
        }

        @Override
        public String type() {
            return "counting";
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public java.util.concurrent.Executor executor() {
            return Runnable::run;
        }

        @Override
        public void onUnit(Unit unit) {
            delivered.incrementAndGet();
        }

        @Override
        public void close(String reason) {
        }
    }
}
