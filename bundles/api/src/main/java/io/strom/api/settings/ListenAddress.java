package io.strom.api.settings;

import java.net.InetSocketAddress;

/**
 * A listen address as MediaMTX writes it: {@code :8554} (every interface), {@code host:8554} or
 * {@code [::1]:8554}.
 *
 * @param host the host as written (brackets removed), or empty for every interface
 * @param port 0 to 65535; 0 lets the system choose
 */
public record ListenAddress(String host, int port) {

    public ListenAddress {
        if (host == null || port < 0 || port > 65535) {
            throw new IllegalArgumentException("host " + host + ", port " + port);
        }
    }

    /**
     * Parses {@code value}, the value of attribute {@code key}.
     *
     * @throws IllegalArgumentException naming {@code key} when the value is not an address
     */
    public static ListenAddress parse(String key, String value) {
        String v = value == null ? "" : value.strip();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not an address like ':8554' or '127.0.0.1:8554'");
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' has no valid port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + ": port " + port + " is outside 0..65535");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ListenAddress(host, port);
    }

    /** Whether it means every interface. */
    public boolean isWildcard() {
        return host.isEmpty();
    }

    /** The socket address to bind; a host name is resolved here. */
    public InetSocketAddress toSocketAddress() {
        return isWildcard() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
