package io.strom.webrtc.internal;

import io.strom.api.ice.IceCandidate;
import java.util.Locale;

/** ICE candidate attributes (RFC 8839 section 5.1) to and from {@link IceCandidate}. */
final class Candidates {

    private Candidates() {
    }

    /**
     * Parses the value of an {@code a=candidate:} attribute (without the {@code candidate:} prefix).
     *
     * @throws IllegalArgumentException when it is malformed
     */
    static IceCandidate parse(String value) {
        String v = value.startsWith("candidate:") ? value.substring("candidate:".length()) : value;
        String[] f = v.strip().split("\\s+");
        if (f.length < 8 || !f[6].equals("typ")) {
            throw new IllegalArgumentException("malformed candidate: " + (v.length() > 80 ? v.substring(0, 80) : v));
        }
        String tcpType = null;
        for (int i = 8; i + 1 < f.length; i += 2) {
            if (f[i].equals("tcptype")) {
                tcpType = f[i + 1];
            }
        }
        try {
            return new IceCandidate(f[0], Integer.parseInt(f[1]), f[2].toLowerCase(Locale.ROOT), Long.parseLong(f[3]),
                    f[4], Integer.parseInt(f[5]), f[7], tcpType);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed candidate number: " + e.getMessage());
        }
    }

    /** The value of an {@code a=candidate:} attribute, without the {@code a=}. */
    static String format(IceCandidate c) {
        StringBuilder b = new StringBuilder("candidate:").append(c.foundation()).append(' ').append(c.component())
                .append(' ').append(c.transport()).append(' ').append(c.priority()).append(' ').append(c.address())
                .append(' ').append(c.port()).append(" typ ").append(c.type());
        if (c.tcpType() != null) {
            b.append(" tcptype ").append(c.tcpType());
        }
        return b.toString();
    }
}
