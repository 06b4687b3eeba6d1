package io.strom.webrtc.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the WebRTC server counts across its sessions: refused requests, bad packets and feedback.
 * Shared by every session; the metrics endpoint will publish these.
 */
final class WebRtcCounters {
    final LongAdder badRequests = new LongAdder();
    final LongAdder garbageDatagrams = new LongAdder();
    final LongAdder unexpectedRtp = new LongAdder();
    final LongAdder srtcpFailures = new LongAdder();
    final LongAdder malformedRtcp = new LongAdder();
    final LongAdder dtlsFailures = new LongAdder();
    final LongAdder nacksReceived = new LongAdder();
    final LongAdder retransmitted = new LongAdder();
    final LongAdder plisReceived = new LongAdder();
    final LongAdder firsReceived = new LongAdder();
    final LongAdder receiverReports = new LongAdder();
    /** WHIP: SRTP packets from a publisher that failed authentication (or came from too many SSRCs). */
    final LongAdder srtpFailures = new LongAdder();
    /** WHIP: NACK packets sent to publishers. */
    final LongAdder nacksSent = new LongAdder();
    /** WHIP: PLIs sent to publishers because a reader needed a keyframe. */
    final LongAdder plisSent = new LongAdder();
}
