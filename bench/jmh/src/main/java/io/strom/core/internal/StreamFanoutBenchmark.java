package io.strom.core.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Unit;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.Publisher;
import io.strom.api.path.PublisherHandle;
import io.strom.api.path.Reader;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot path of the stream core: one RTP-sized unit (1200 bytes, pooled) written by the
 * publisher and delivered by reference to N readers, each through its own bounded queue and
 * drain task. Readers run inline (a direct executor), so one operation is the whole fan-out.
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per unit written,
 * which must stay near 0 in steady state.
 *
 * <p>Netty 4.2 pools buffers and units only on FastThreadLocal threads (its event loops, where
 * publishers write). JMH's thread is not one, so each invocation hands a batch of
 * {@value #BATCH} units to one long-lived {@link FastThreadLocalThread} (as one event-loop tick
 * would write them) and waits; the hand-off costs a few nanoseconds per unit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamFanoutBenchmark {

    @Param({"1", "10", "100"})
    int readers;

    private PathManagerImpl manager;
    private PublisherHandle publisher;
    private long pts;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws Exception {
        eventLoop = Executors.newSingleThreadExecutor(new DefaultThreadFactory("bench-publisher"));
        manager = new PathManagerImpl(config(512), Clock.systemUTC(), System::nanoTime);
        manager.put("all", PathConfImpl.parse(Map.of("name", "all_others")));
        MediaDescription h264 = MediaDescription.of(MediaKind.VIDEO, Format.of("H264", 96, 90000, 0));
        publisher = manager.addPublisher(new AddPublisherRequest("bench", new NullPublisher(), h264));
        for (int i = 0; i < readers; i++) {
            manager.addReader(new AddReaderRequest("bench", new ConsumingReader("r" + i, blackhole)));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        publisher.close();
        manager.close();
        eventLoop.shutdownNow();
    }

    static final int BATCH = 1024;

    private final Runnable batch = this::writeBatch;

    private ExecutorService eventLoop;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void writeOneUnit() throws Exception {
        eventLoop.submit(batch).get();
    }

    private void writeBatch() {
        for (int i = 0; i < BATCH; i++) {
            ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(1200).writerIndex(1200);
            publisher.write(Unit.newUnit(0, pts, pts, false).addRtpPacket(packet));
            pts += 3000;
        }
    }

    private static PathManagerImpl.Config config(int queue) {
        return new PathManagerImpl.Config() {
            @Override
            public int writeQueueSize() {
                return queue;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PathManagerImpl.Config.class;
            }
        };
    }

    private static final class NullPublisher implements Publisher {
        @Override
        public String type() {
            return "bench";
        }

        @Override
        public String id() {
            return "publisher";
        }

        @Override
        public void close(String reason) {
        }
    }

    private static final class ConsumingReader implements Reader {
        private final String id;
        private final Blackhole blackhole;

        ConsumingReader(String id, Blackhole blackhole) {
            this.id = id;
            this.blackhole = blackhole;
        }

        @Override
        public String type() {
            return "bench";
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }

        @Override
        public void onUnit(Unit unit) {
            blackhole.consume(unit.rtpPacket(0).getByte(0));
        }

        @Override
        public void close(String reason) {
        }
    }
}
