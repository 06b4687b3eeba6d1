package io.strom.api.metrics;

import io.strom.api.protocol.ProtocolSession;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * MediaMTX's per-session metrics, written the same way by every protocol: {@code <prefix>} (1
 * per session), {@code <prefix>_bytes_received} and {@code <prefix>_bytes_sent}, labelled
 * {@code id}, {@code path}, {@code remoteAddr} and {@code state} ({@code idle}, {@code read},
 * {@code publish}). The prefix is MediaMTX's: {@code rtsp_sessions}, {@code rtsps_sessions},
 * {@code rtmp_conns}, {@code rtmps_conns}, {@code webrtc_sessions}.
 */
public final class SessionMetrics {

    private SessionMetrics() {
    }

    /** Writes the three samples of each of {@code sessions} under {@code prefix}. */
    public static void write(MetricsWriter out, String prefix, String what, List<ProtocolSession> sessions) {
        for (ProtocolSession s : sessions) {
            String[] labels = {"id", s.id(), "path", s.path(), "remoteAddr", address(s.remoteAddress()), "state", s.state()};
            out.gauge(prefix, what + " (1 per session).", 1, labels);
            out.counter(prefix + "_bytes_received", "Bytes received from the peer of each of the " + what + ".",
                    s.bytesReceived(), labels);
            out.counter(prefix + "_bytes_sent", "Bytes sent to the peer of each of the " + what + ".",
                    s.bytesSent(), labels);
        }
    }

    private static String address(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }
}
