package io.strom.webrtc.internal;

import io.strom.api.ice.IceTransportFactory;
import io.strom.api.nack.NackGeneratorFactory;
import io.strom.api.nack.RetransmissionBufferFactory;
import io.strom.api.srtp.SrtpCipherSuite;
import java.util.List;

/**
 * The services one session was set up with: the highest-ranked ICE factory, the SRTP suites in
 * preference order, the retransmission buffer factory (null without one: NACKs are then counted
 * and not answered) and the NACK generator factory (null without one: a WHIP publisher's losses
 * are then not asked for again). A session keeps these until it ends, whatever is registered later.
 */
record SessionServices(IceTransportFactory ice, List<SrtpCipherSuite> suites, RetransmissionBufferFactory retransmissions,
                       NackGeneratorFactory nackGenerators) {

    /** The DTLS-SRTP profile ids of {@link #suites}, in preference order. */
    int[] profileIds() {
        return suites.stream().mapToInt(SrtpCipherSuite::profileId).toArray();
    }

    SrtpCipherSuite suite(int profileId) {
        for (SrtpCipherSuite s : suites) {
            if (s.profileId() == profileId) {
                return s;
            }
        }
        throw new IllegalStateException("DTLS chose profile " + profileId + " that was not offered");
    }
}
