package io.strom.ice.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literals parsed without ever asking DNS (candidates arrive on the signalling path). */
final class IpLiterals {

    private IpLiterals() {
    }

    /** The address {@code text} spells, or {@code null} when it is a host name rather than a literal. */
    static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        boolean v6 = text.indexOf(':') >= 0;
        if (!v6) {
            int dots = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '.') {
                    dots++;
                } else if (c < '0' || c > '9') {
                    return null;
                }
            }
            if (dots != 3) {
                return null;
            }
        } else {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean ok = c == ':' || c == '.' || c == '%' || Character.digit(c, 16) >= 0;
                if (!ok && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) {
                    return null;
                }
            }
        }
        try {
            // For a literal (checked above) the JDK parses and never resolves.
            return InetAddress.getByName(text);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
