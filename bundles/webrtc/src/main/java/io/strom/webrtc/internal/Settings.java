package io.strom.webrtc.internal;

import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the WebRTC server's configuration values; every exception names the attribute. */
final class Settings {

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m)");

    private Settings() {
    }

    /** Milliseconds of a duration like {@code 1s}, {@code 500ms} or {@code 1m30s}. */
    static long parseMillis(String key, String value) {
        String v = value.strip();
        Matcher m = DURATION.matcher(v);
        long millis = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            millis += switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                default -> n * 60_000;
            };
            end = m.end();
        }
        if (v.isEmpty() || end != v.length() || millis <= 0) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a positive duration like 1s or 500ms");
        }
        return millis;
    }

    /** A listen address like {@code :8889}, {@code 127.0.0.1:8889} or {@code [::1]:8889}. */
    static InetSocketAddress parseAddress(String key, String value) {
        String v = value.strip();
        int colon = v.lastIndexOf(':');
        try {
            int port = Integer.parseInt(v.substring(colon + 1));
            String host = v.substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
            if (colon < 0 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not an address like ':8889'");
        }
    }
}
