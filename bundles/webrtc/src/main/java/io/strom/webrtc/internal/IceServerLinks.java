package io.strom.webrtc.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * WHEP {@code Link} headers for ICE servers (draft-ietf-wish-whep, as in WHIP, RFC 9725 §4.6):
 * {@code <stun:host:port>; rel="ice-server"}, with {@code username} and {@code credential} for TURN.
 */
final class IceServerLinks {

    private IceServerLinks() {
    }

    /** The headers for configuration entries {@code url} or {@code url,username,password}; malformed entries are skipped. */
    static List<String> of(String[] entries) {
        List<String> links = new ArrayList<>();
        for (String entry : entries) {
            String[] parts = entry.split(",", -1);
            if (parts[0].isBlank() || parts[0].contains(">") || (parts.length != 1 && parts.length != 3)) {
                continue;
            }
            StringBuilder link = new StringBuilder("<").append(parts[0].strip()).append(">; rel=\"ice-server\"");
            if (parts.length == 3 && !parts[1].isEmpty()) {
                link.append("; username=\"").append(quoted(parts[1])).append("\"; credential=\"")
                        .append(quoted(parts[2])).append("\"; credential-type=\"password\"");
            }
            links.add(link.toString());
        }
        return links;
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
