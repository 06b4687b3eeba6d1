package io.strom.api.ice;

import java.util.Objects;

/**
 * An ICE candidate as carried in SDP ({@code a=candidate:...}, RFC 8839).
 *
 * @param foundation  the foundation
 * @param component   1 for RTP (with rtcp-mux, the only one)
 * @param transport   {@code udp} or {@code tcp}
 * @param priority    the priority
 * @param address     an IP address, or an mDNS {@code .local} name from a browser
 * @param port        the port
 * @param type        {@code host}, {@code srflx}, {@code prflx} or {@code relay}
 * @param tcpType     {@code passive}/{@code active}/{@code so} for TCP candidates, else {@code null}
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
        int port, String type, String tcpType) {

    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /** Whether the address is an mDNS name (RFC 8445 obfuscation used by browsers). */
    public boolean isMdns() {
        return address.endsWith(".local");
    }
}
