package io.strom.rtsp.internal;

import io.strom.api.metrics.MetricsWriter;
import io.strom.api.metrics.SessionMetrics;
import io.strom.api.protocol.ProtocolSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The RTSP server's metrics: MediaMTX's {@code rtsp_conns}, {@code rtsp_sessions} (and their
 * {@code rtsps_} twins for connections on the TLS listener) with bytes both ways, the units a
 * slow reader's connection could not take, the RTP packets a publisher sent that could not be
 * used, and Strom's counts of interleaved frames and UDP datagrams that belonged to no session.
 */
final class RtspMetrics {

    private RtspMetrics() {
    }

    static void write(Collection<RtspConn> conns, long framesDropped, long datagramsDropped, MetricsWriter out) {
        List<ProtocolSession> plain = new ArrayList<>();
        List<ProtocolSession> tls = new ArrayList<>();
        for (RtspConn c : conns) {
            String id = c.connId();
            if (id == null) {
                continue;
            }
            String prefix = c.secure() ? "rtsps" : "rtsp";
            out.gauge(prefix + "_conns", "Open " + prefix.toUpperCase(java.util.Locale.ROOT) + " connections (1 per connection).",
                    1, "id", id);
            ProtocolSession s = c.describe();
            RtspSession session = c.session;
            if (s == null || session == null) {
                continue;
            }
            (c.secure() ? tls : plain).add(s);
            String[] labels = {"id", s.id(), "path", s.path(), "state", s.state()};
            out.counter(prefix + "_sessions_outbound_frames_discarded", "Units not sent to a reader because its "
                    + "connection could not take more.", session.unitsDropped, labels);
            out.counter(prefix + "_sessions_inbound_rtp_packets_in_error", "RTP packets of a publisher that could "
                    + "not be used (no stream yet, malformed).", session.packetsDropped, labels);
        }
        SessionMetrics.write(out, "rtsp_sessions", "RTSP sessions", plain);
        SessionMetrics.write(out, "rtsps_sessions", "RTSPS sessions", tls);
        out.counter("strom_rtsp_interleaved_frames_dropped_total", "Interleaved frames on a channel no session "
                + "uses, dropped.", framesDropped);
        out.counter("strom_rtsp_udp_datagrams_dropped_total", "UDP datagrams on the RTP/RTCP ports from an address "
                + "no session uses, dropped.", datagramsDropped);
    }
}
