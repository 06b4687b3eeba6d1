package io.strom.webrtc.internal;

import io.strom.api.metrics.MetricsWriter;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the WebRTC server counts across its sessions: refused requests, bad packets and feedback.
 * Shared by every session; {@link #write} publishes them as {@code strom_webrtc_*} metrics.
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

    void write(MetricsWriter out) {
        out.counter("strom_webrtc_bad_requests_total", "WHEP requests refused as malformed (400).", badRequests.sum());
        out.counter("strom_webrtc_garbage_datagrams_total", "Datagrams that were neither STUN, DTLS, RTP nor RTCP.",
                garbageDatagrams.sum());
        out.counter("strom_webrtc_unexpected_rtp_total", "RTP on a read-only (WHEP) session or of a payload type a WHIP "
                + "answer did not accept.", unexpectedRtp.sum());
        out.counter("strom_webrtc_srtcp_failures_total", "SRTCP packets that failed authentication or decryption.",
                srtcpFailures.sum());
        out.counter("strom_webrtc_malformed_rtcp_total", "RTCP packets that could not be parsed.", malformedRtcp.sum());
        out.counter("strom_webrtc_dtls_failures_total", "DTLS handshakes that failed or timed out.", dtlsFailures.sum());
        out.counter("strom_webrtc_nacks_received_total", "Packets asked for again by readers' NACKs.", nacksReceived.sum());
        out.counter("strom_webrtc_packets_retransmitted_total", "Packets sent again in answer to NACKs.",
                retransmitted.sum());
        out.counter("strom_webrtc_plis_received_total", "Picture loss indications received.", plisReceived.sum());
        out.counter("strom_webrtc_firs_received_total", "Full intra requests received.", firsReceived.sum());
        out.counter("strom_webrtc_receiver_reports_total", "RTCP receiver reports received.", receiverReports.sum());
        out.counter("strom_webrtc_srtp_failures_total", "SRTP packets from WHIP publishers that failed authentication.",
                srtpFailures.sum());
        out.counter("strom_webrtc_nacks_sent_total", "NACK packets sent to WHIP publishers.", nacksSent.sum());
        out.counter("strom_webrtc_plis_sent_total", "PLIs sent to WHIP publishers for readers that needed a keyframe.",
                plisSent.sum());
    }
}
