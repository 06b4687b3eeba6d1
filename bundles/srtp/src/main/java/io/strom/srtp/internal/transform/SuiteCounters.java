package io.strom.srtp.internal.transform;

import java.util.concurrent.atomic.LongAdder;

/**
 * Packets a suite protected and unprotected, and those that failed authentication, over every
 * context it created. One {@link LongAdder} increment per packet: no lock, no allocation.
 */
public final class SuiteCounters {
    final LongAdder rtpProtected = new LongAdder();
    final LongAdder rtpUnprotected = new LongAdder();
    final LongAdder rtcpProtected = new LongAdder();
    final LongAdder rtcpUnprotected = new LongAdder();
    final LongAdder rtpAuthFailures = new LongAdder();
    final LongAdder rtcpAuthFailures = new LongAdder();

    /** Packets protected ({@code protect} true) or unprotected, of RTP ({@code rtcp} false) or RTCP. */
    public long packets(boolean protect, boolean rtcp) {
        if (rtcp) {
            return (protect ? rtcpProtected : rtcpUnprotected).sum();
        }
        return (protect ? rtpProtected : rtpUnprotected).sum();
    }

    /** Received packets of RTP or RTCP that failed authentication. */
    public long authFailures(boolean rtcp) {
        return (rtcp ? rtcpAuthFailures : rtpAuthFailures).sum();
    }
}
