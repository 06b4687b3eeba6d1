package io.strom.ice.internal;

/**
 * One {@code webrtcICEServers2} entry: {@code url} or {@code url,username,password}, e.g.
 * {@code stun:stun.example.org:3478} or {@code turn:turn.example.org:3478?transport=udp,user,pass}.
 *
 * @param turn      {@code turn:}/{@code turns:} rather than {@code stun:}/{@code stuns:}
 * @param host      the server's host name or address (resolved later, off the offer path)
 * @param port      the port (3478 when absent, 5349 for the TLS schemes)
 * @param transport {@code udp} or {@code tcp}
 * @param username  TURN user name, or {@code null}
 * @param password  TURN password, or {@code null}
 */
record IceServer(boolean turn, String host, int port, String transport, String username, String password) {

    /** Parses one entry; the error names {@code webrtcICEServers2} and the entry's index. */
    static IceServer parse(int index, String entry) {
        String where = "webrtcICEServers2[" + index + "]";
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException(where + ": empty entry");
        }
        String[] parts = entry.trim().split(",", -1);
        if (parts.length != 1 && parts.length != 3) {
            throw new IllegalArgumentException(where + ": '" + entry + "' is not url or url,username,password");
        }
        String url = parts[0].trim();
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase();
        boolean turn = scheme.equals("turn") || scheme.equals("turns");
        boolean tls = scheme.equals("stuns") || scheme.equals("turns");
        if (!turn && !scheme.equals("stun") && !scheme.equals("stuns")) {
            throw new IllegalArgumentException(where + ": '" + url + "' does not start with stun:, stuns:, turn: or turns:");
        }
        String rest = url.substring(colon + 1);
        String transport = tls ? "tcp" : "udp";
        int query = rest.indexOf('?');
        if (query >= 0) {
            String q = rest.substring(query + 1).toLowerCase();
            rest = rest.substring(0, query);
            if (q.equals("transport=tcp")) {
                transport = "tcp";
            } else if (!q.equals("transport=udp")) {
                throw new IllegalArgumentException(where + ": unknown parameter '" + q + "'");
            }
        }
        String host = rest;
        int port = tls ? 5349 : 3478;
        int portColon = rest.lastIndexOf(':');
        if (portColon > 0 && rest.indexOf(']') < portColon) {
            host = rest.substring(0, portColon);
            try {
                port = Integer.parseInt(rest.substring(portColon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": '" + url + "' has no numeric port");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + ": '" + url + "' lacks a host or has a port outside 1..65535");
        }
        String user = parts.length == 3 ? parts[1] : null;
        String pass = parts.length == 3 ? parts[2] : null;
        if (turn && (user == null || user.isEmpty())) {
            throw new IllegalArgumentException(where + ": a TURN server needs url,username,password");
        }
        return new IceServer(turn, host, port, transport, user, pass);
    }

    @Override
    public String toString() {
        return (turn ? "turn:" : "stun:") + host + ":" + port + "?transport=" + transport;
    }
}
