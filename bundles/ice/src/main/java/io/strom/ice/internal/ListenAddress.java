package io.strom.ice.internal;

import java.net.InetAddress;

/**
 * A MediaMTX-style listen address: {@code ":8189"} (every address InterfaceDiscovery lists) or
 * {@code "host:8189"} / {@code "[::1]:8189"} (that address only; an IP literal, never resolved).
 *
 * @param host the only address to bind, or {@code null} for the discovered ones
 * @param port the port; 0 lets the system choose (tests)
 */
record ListenAddress(InetAddress host, int port) {

    /** Parses {@code value} of attribute {@code attribute}; the error names the attribute. */
    static ListenAddress parse(String attribute, String value) {
        String v = value == null ? "" : value.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(attribute + ": '" + value + "' is not [host]:port");
        }
        String hostPart = v.substring(0, colon);
        if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
            hostPart = hostPart.substring(1, hostPart.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(attribute + ": '" + value + "' has no numeric port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(attribute + ": port " + port + " is outside 0..65535");
        }
        if (hostPart.isEmpty()) {
            return new ListenAddress(null, port);
        }
        InetAddress host = IpLiterals.parse(hostPart);
        if (host == null) {
            throw new IllegalArgumentException(attribute + ": '" + hostPart + "' is not an IP address");
        }
        return new ListenAddress(host, port);
    }
}
