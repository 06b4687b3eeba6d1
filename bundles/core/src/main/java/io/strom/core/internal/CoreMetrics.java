package io.strom.core.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.strom.api.metrics.MetricsWriter;
import java.util.List;

/**
 * The core's metrics: MediaMTX's per-path {@code paths}, {@code paths_bytes_received},
 * {@code paths_bytes_sent} and {@code paths_readers}, the units dropped for slow readers, and
 * the memory held by Netty's shared buffer allocators (every bundle allocates from them).
 * Only a path with a publisher exists in the core, so {@code state} is always {@code ready}.
 */
final class CoreMetrics {

    private CoreMetrics() {
    }

    static void write(List<Stream> streams, MetricsWriter out) {
        for (Stream s : streams) {
            String[] labels = {"name", s.name(), "state", "ready"};
            out.gauge("paths", "Paths with a publisher (1 per path).", 1, labels);
            out.counter("paths_bytes_received", "Payload bytes written into the path by its publisher.",
                    s.bytesReceived(), labels);
            out.counter("paths_bytes_sent", "Payload bytes handed to the path's readers.", s.bytesSent(), labels);
            out.gauge("paths_readers", "Readers attached to the path.", s.readerCount(), labels);
            out.counter("strom_paths_reader_units_dropped_total", "Units dropped because a reader's queue "
                    + "(writeQueueSize) was full, over every reader the path had.", s.unitsDropped(), "name", s.name());
        }
        allocator(out, "pooled", PooledByteBufAllocator.DEFAULT);
        if (ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT) {
            allocator(out, "default", ByteBufAllocator.DEFAULT);
        }
    }

    private static void allocator(MetricsWriter out, String name, ByteBufAllocator allocator) {
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            String help = "Memory held by Netty's shared buffer allocator (pooled: PooledByteBufAllocator.DEFAULT; "
                    + "default: ByteBufAllocator.DEFAULT when it is another one), in bytes.";
            out.gauge("strom_netty_allocator_used_bytes", help, metric.usedDirectMemory(),
                    "allocator", name, "memory", "direct");
            out.gauge("strom_netty_allocator_used_bytes", help, metric.usedHeapMemory(),
                    "allocator", name, "memory", "heap");
        }
    }
}
