package io.strom.srtp.internal.registry;

import io.strom.api.metrics.MetricsWriter;
import io.strom.srtp.internal.transform.ProviderCipherSuite;
import io.strom.srtp.internal.transform.SuiteCounters;
import java.util.List;

/**
 * SRTP metrics per registered suite, labelled with the profile ({@code suite}) and the crypto
 * provider: packets protected and unprotected, of RTP and RTCP, and received packets that failed
 * authentication (a wrong key, corruption, or an attack).
 */
final class SuiteMetrics {

    private SuiteMetrics() {
    }

    static void write(List<ProviderCipherSuite> suites, MetricsWriter out) {
        for (ProviderCipherSuite suite : suites) {
            SuiteCounters c = suite.counters();
            for (boolean rtcp : new boolean[] {false, true}) {
                String kind = rtcp ? "rtcp" : "rtp";
                for (boolean protect : new boolean[] {true, false}) {
                    out.counter("strom_srtp_packets_total", "Packets protected (sent) or unprotected (received and "
                            + "authentic) by each SRTP suite.", c.packets(protect, rtcp), "suite", suite.profile(),
                            "provider", suite.provider(), "kind", kind, "direction", protect ? "protect" : "unprotect");
                }
                out.counter("strom_srtp_auth_failures_total", "Received packets that failed SRTP/SRTCP authentication, "
                        + "per suite.", c.authFailures(rtcp), "suite", suite.profile(), "provider", suite.provider(),
                        "kind", kind);
            }
        }
    }
}
