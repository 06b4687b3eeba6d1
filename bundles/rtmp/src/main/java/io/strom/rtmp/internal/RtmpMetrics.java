package io.strom.rtmp.internal;

import io.strom.api.metrics.MetricsWriter;
import io.strom.api.metrics.SessionMetrics;
import io.strom.api.protocol.ProtocolSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The RTMP server's metrics: MediaMTX's {@code rtmp_conns} and {@code rtmps_conns} with bytes
 * both ways and the frames dropped per connection, and Strom's counts of refused handshakes and
 * connections closed for a protocol error.
 */
final class RtmpMetrics {

    private RtmpMetrics() {
    }

    static void write(Collection<RtmpConn> conns, long handshakesRefused, long protocolErrors, MetricsWriter out) {
        List<ProtocolSession> plain = new ArrayList<>();
        List<ProtocolSession> tls = new ArrayList<>();
        for (RtmpConn c : conns) {
            ProtocolSession s = c.describe();
            if (s == null) {
                continue;
            }
            (c.secure() ? tls : plain).add(s);
            out.counter((c.secure() ? "rtmps" : "rtmp") + "_conns_outbound_frames_discarded", "Frames dropped: a "
                    + "reader's that its socket could not take, a publisher's that could not be used.",
                    c.framesDropped(), "id", s.id(), "path", s.path(), "state", s.state());
        }
        SessionMetrics.write(out, "rtmp_conns", "RTMP connections", plain);
        SessionMetrics.write(out, "rtmps_conns", "RTMPS connections", tls);
        out.counter("strom_rtmp_handshakes_refused_total", "RTMP connections refused at the handshake (wrong version).",
                handshakesRefused);
        out.counter("strom_rtmp_protocol_errors_total", "RTMP connections closed for a protocol error (bad chunk, "
                + "absurd size, bad AMF).", protocolErrors);
    }
}
