package io.strom.nack.internal;

import io.strom.api.metrics.MetricsWriter;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the retransmission buffers of one factory answered: packets asked for (one per sequence
 * number a NACK names) and those still held, hence retransmitted. Shared by every buffer the
 * factory made; a look-up is one {@link LongAdder} increment or two.
 */
final class NackMetrics {

    private final LongAdder requested = new LongAdder();
    private final LongAdder found = new LongAdder();

    void lookedUp(boolean hit) {
        requested.increment();
        if (hit) {
            found.increment();
        }
    }

    void write(MetricsWriter out) {
        long held = found.sum(); // first: a look-up counts as requested before found, so asked >= held
        long asked = requested.sum();
        out.counter("strom_nack_packets_requested_total", "Packets asked for again by NACKs (one per sequence number).",
                asked);
        out.counter("strom_nack_packets_retransmitted_total", "NACKed packets still in a retransmission buffer, so "
                + "sent again.", held);
        out.counter("strom_nack_packets_missed_total", "NACKed packets already gone from the buffer (raise size).",
                asked - held);
    }
}
