package io.strom.core.internal;

import java.net.InetSocketAddress;

/**
 * Parses MediaMTX listen addresses: {@code :9997} (every interface), {@code 127.0.0.1:9997},
 * {@code localhost:9997} or {@code [::1]:9997}; port 0 to 65535.
 */
final class ListenAddress {

    private ListenAddress() {
    }

    static InetSocketAddress parse(String field, String value) throws InvalidConfigException {
        String v = value == null ? "" : value.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new InvalidConfigException(field, "'" + value + "' is not an address like ':9997' or '127.0.0.1:9997'");
        }
        String host = v.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(field, "'" + value + "' has no valid port");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidConfigException(field, "port " + port + " is outside 0..65535");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
