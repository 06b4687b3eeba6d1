package io.strom.nack.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The sender's per-packet NACK work: one {@code add} of a sent 1200-byte pooled packet (retain it,
 * release the one it displaces) and one {@code get} of a packet 100 numbers back, as a NACK
 * answer would. The packets are allocated once and cycled (twice as many as the ring holds, so
 * every add displaces a packet), so the figure is the ring's cost, not the pool's. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} must stay near 0 bytes per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RetransmissionBufferBenchmark {

    @Param({"1024", "8192"})
    int size;

    private RingRetransmissionBuffer buffer;
    private ByteBuf[] packets;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        buffer = new RingRetransmissionBuffer(size);
        packets = new ByteBuf[size * 2];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = PooledByteBufAllocator.DEFAULT.directBuffer(1200).writeZero(1200);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer.close();
        for (ByteBuf p : packets) {
            p.release();
        }
    }

    @Benchmark
    public ByteBuf addAndGet() {
        int n = seq++;
        buffer.add(n & 0xFFFF, packets[n & (packets.length - 1)]);
        return buffer.get((n - 100) & 0xFFFF);
    }
}
