package io.strom.nack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.strom.api.metrics.MetricType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NackMetricsTest {

    @Test
    void everyBufferOfTheFactoryCountsRequestedRetransmittedAndMissedPackets() {
        NackMetrics metrics = new NackMetrics();
        ByteBuf packet = Unpooled.buffer(4).writeInt(7);
        try (RingRetransmissionBuffer a = new RingRetransmissionBuffer(16, metrics);
                RingRetransmissionBuffer b = new RingRetransmissionBuffer(16, metrics)) {
            a.add(1, packet);
            a.get(1);
            a.get(2);
            b.get(1);
        } finally {
            packet.release();
        }
        Map<String, Double> out = new HashMap<>();
        metrics.write((name, type, help, value, labels) -> {
            assertEquals(MetricType.COUNTER, type, name);
            out.put(name, value);
        });
        assertEquals(Map.of("strom_nack_packets_requested_total", 3.0, "strom_nack_packets_retransmitted_total", 1.0,
                "strom_nack_packets_missed_total", 2.0), out);
    }
}
