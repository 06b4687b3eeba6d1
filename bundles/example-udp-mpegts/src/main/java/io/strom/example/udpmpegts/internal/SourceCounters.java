package io.strom.example.udpmpegts.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one source has received and dropped. Written on the source's event loop, read from any
 * thread (the periodic log line, the {@code ProtocolServer} session snapshot).
 */
final class SourceCounters {

    final LongAdder datagrams = new LongAdder();
    final LongAdder bytes = new LongAdder();
    /** Datagrams that are not 1..7 whole TS packets: dropped whole, nothing of them is parsed. */
    final LongAdder garbageDatagrams = new LongAdder();
    /** TS packets or PSI sections that are malformed inside an otherwise valid datagram. */
    final LongAdder invalidPackets = new LongAdder();
    /** Continuity-counter gaps (lost or reordered datagrams) and packets flagged with transport errors. */
    final LongAdder continuityErrors = new LongAdder();
    /** Access units dropped because packets of theirs were lost. */
    final LongAdder damagedUnitsDropped = new LongAdder();
    /** Access units written to the path. */
    final LongAdder unitsWritten = new LongAdder();

    /** The loss counters only, to tell whether anything went wrong since the last look. */
    String losses() {
        return garbageDatagrams.sum() + "/" + invalidPackets.sum() + "/" + continuityErrors.sum() + "/" + damagedUnitsDropped.sum();
    }

    /** One line for the log. */
    String summary() {
        return datagrams.sum() + " datagrams, " + garbageDatagrams.sum() + " garbage datagrams dropped, "
                + invalidPackets.sum() + " invalid packets, " + continuityErrors.sum() + " continuity errors, "
                + damagedUnitsDropped.sum() + " damaged access units dropped, " + unitsWritten.sum() + " access units written";
    }
}
