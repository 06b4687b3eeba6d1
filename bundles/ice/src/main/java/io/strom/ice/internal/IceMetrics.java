package io.strom.ice.internal;

import io.strom.api.metrics.MetricsWriter;

/**
 * The ICE bundle's metrics ({@code strom_ice_*}): open transports, what was dropped or refused
 * ({@link IceCounters}), the mDNS queries sent and held back by the rate limit, and the receive
 * buffers the pool had to allocate.
 */
final class IceMetrics {

    private IceMetrics() {
    }

    static void write(IceCounters c, int transports, long mdnsQueries, long mdnsRateLimited, long bufferAllocations,
            MetricsWriter out) {
        out.gauge("strom_ice_transports", "Open ICE transports (one per WebRTC session).", transports);
        String dropped = "strom_ice_datagrams_dropped_total";
        String droppedHelp = "Datagrams dropped: before a pair was selected or after close (unconnected), from an "
                + "address other than the selected remote (foreign_source), larger than the send buffer (oversize).";
        out.counter(dropped, droppedHelp, c.droppedUnconnected.sum(), "reason", "unconnected");
        out.counter(dropped, droppedHelp, c.droppedForeignSource.sum(), "reason", "foreign_source");
        out.counter(dropped, droppedHelp, c.droppedOversize.sum(), "reason", "oversize");
        out.counter("strom_ice_send_errors_total", "Sends that failed in the socket.", c.sendErrors.sum());
        out.counter("strom_ice_listener_errors_total", "Exceptions thrown by a session's listener (caught).",
                c.listenerErrors.sum());
        out.counter("strom_ice_bad_remote_candidates_total", "Remote candidates that were unusable.",
                c.badRemoteCandidates.sum());
        String stun = "strom_ice_stun_checks_refused_total";
        String stunHelp = "First STUN checks from a new address dropped before ice4j: naming no current session's "
                + "user (unknown_user), MESSAGE-INTEGRITY missing or wrong (bad_integrity).";
        out.counter(stun, stunHelp, c.stunUnknownUser.sum(), "reason", "unknown_user");
        out.counter(stun, stunHelp, c.stunBadIntegrity.sum(), "reason", "bad_integrity");
        out.counter("strom_ice_turn_without_relay_total", "TURN servers that gave a session no relay candidate.",
                c.turnWithoutRelay.sum());
        out.counter("strom_ice_mdns_queries_total", "mDNS queries sent to resolve .local candidates (mdns=resolve).",
                mdnsQueries);
        out.counter("strom_ice_mdns_rate_limited_total", "mDNS look-ups not sent because of mdnsMaxQueriesPerSecond.",
                mdnsRateLimited);
        out.counter("strom_ice_mdns_ignored_total", "Remote .local candidates skipped because mdns=disabled.",
                c.mdnsIgnored.sum());
        out.counter("strom_ice_mdns_unresolved_total", "Remote .local candidates that could not be resolved.",
                c.mdnsUnresolved.sum());
        out.counter("strom_ice_receive_buffer_allocations_total", "Receive buffers allocated because the pool had none "
                + "free (stops growing in steady state).", bufferAllocations);
    }
}
