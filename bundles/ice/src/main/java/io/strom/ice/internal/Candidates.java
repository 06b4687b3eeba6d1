package io.strom.ice.internal;

import io.strom.api.ice.IceCandidate;
import java.net.InetAddress;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidateTcpType;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;

/** Maps candidates between the SPI's SDP form and ice4j's objects. */
final class Candidates {

    private Candidates() {
    }

    /** An ice4j local candidate as the SPI carries it into the SDP answer. */
    static IceCandidate toSpi(LocalCandidate c) {
        TransportAddress a = c.getTransportAddress();
        CandidateTcpType tcpType = c.getTcpType();
        return new IceCandidate(c.getFoundation(), c.getParentComponent().getComponentID(),
                a.getTransport() == Transport.TCP ? "tcp" : "udp", c.getPriority(), a.getHostAddress(),
                a.getPort(), c.getType().toString(), tcpType == null ? null : tcpType.toString());
    }

    /**
     * The ice4j remote candidate for {@code c} at {@code address} (the literal in {@code c}, or
     * what its mDNS name resolved to), or {@code null} when ice4j cannot use it: another component
     * than 1 (rtcp-mux only), TCP while TCP is off, or an unknown type.
     */
    static RemoteCandidate toIce4j(IceCandidate c, InetAddress address, Component component, boolean tcp,
            String remoteUfrag) {
        if (c.component() != component.getComponentID()) {
            return null;
        }
        Transport transport;
        if ("udp".equalsIgnoreCase(c.transport())) {
            transport = Transport.UDP;
        } else if (tcp && "tcp".equalsIgnoreCase(c.transport())) {
            transport = Transport.TCP;
        } else {
            return null;
        }
        CandidateType type;
        CandidateTcpType tcpType = null;
        try {
            type = CandidateType.parse(c.type().toLowerCase());
            if (transport == Transport.TCP) {
                tcpType = CandidateTcpType.parse(c.tcpType() == null ? "" : c.tcpType().toLowerCase());
            }
        } catch (IllegalArgumentException unknown) {
            return null;
        }
        RemoteCandidate rc = new RemoteCandidate(new TransportAddress(address, c.port(), transport), component, type,
                c.foundation(), c.priority(), null, remoteUfrag);
        if (tcpType != null) {
            rc.setTcpType(tcpType);
        }
        return rc;
    }
}
