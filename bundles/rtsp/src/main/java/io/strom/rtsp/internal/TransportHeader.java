package io.strom.rtsp.internal;

import java.util.Locale;

/**
 * The part of an RTSP {@code Transport} header (RFC 2326 §12.39) a server acts on: which lower
 * transport the client asks for, and its interleaved channels or UDP ports.
 *
 * <p>A header may list alternatives separated by commas; the first one this server allows wins,
 * as RFC 2326 says clients list them in order of preference.
 *
 * @param protocol     TCP (interleaved), UDP (unicast) or MULTICAST
 * @param firstChannel the RTP interleaved channel (TCP), or -1 when the client named none
 * @param clientRtpPort the client's RTP port (UDP), or -1
 * @param clientRtcpPort the client's RTCP port (UDP), or -1
 */
record TransportHeader(Protocol protocol, int firstChannel, int clientRtpPort, int clientRtcpPort) {

    /** The lower transports, named as in MediaMTX's {@code rtspTransports}. */
    enum Protocol {
        UDP("udp", "UDP"), MULTICAST("multicast", "UDP-multicast"), TCP("tcp", "TCP");

        final String key;
        /** How the control API names it (MediaMTX's {@code transport}). */
        final String apiName;

        Protocol(String key, String apiName) {
            this.key = key;
            this.apiName = apiName;
        }
    }

    /**
     * The first alternative of {@code header} whose protocol {@code allowed} accepts.
     *
     * @throws IllegalArgumentException when no alternative is usable (the caller answers 461) or
     *                                  a value is malformed (400), with the reason
     */
    static TransportHeader parse(String header, java.util.Set<Protocol> allowed) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("no Transport header");
        }
        String firstProblem = null;
        for (String alternative : header.split(",")) {
            try {
                TransportHeader t = parseOne(alternative.trim());
                if (allowed.contains(t.protocol)) {
                    return t;
                }
                firstProblem = firstProblem != null ? firstProblem : "transport " + t.protocol.key + " is not enabled (rtspTransports)";
            } catch (UnsupportedOperationException e) {
                firstProblem = firstProblem != null ? firstProblem : e.getMessage();
            }
        }
        throw new UnsupportedOperationException(firstProblem);
    }

    private static TransportHeader parseOne(String spec) {
        String[] parts = spec.split(";");
        String profile = parts[0].trim().toUpperCase(Locale.ROOT);
        boolean tcp = profile.equals("RTP/AVP/TCP");
        if (!tcp && !profile.equals("RTP/AVP") && !profile.equals("RTP/AVP/UDP")) {
            throw new UnsupportedOperationException("unsupported transport profile " + parts[0].trim());
        }
        boolean multicast = false;
        int[] channels = {-1, -1};
        int[] ports = {-1, -1};
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            String lower = p.toLowerCase(Locale.ROOT);
            if (lower.equals("multicast")) {
                multicast = true;
            } else if (lower.startsWith("interleaved=")) {
                channels = range(p.substring(12), 255, "interleaved");
            } else if (lower.startsWith("client_port=")) {
                ports = range(p.substring(12), 65535, "client_port");
            }
        }
        if (tcp) {
            if (channels[0] >= 0 && (channels[0] & 1) == 1) {
                throw new IllegalArgumentException("interleaved channel " + channels[0] + " must be even");
            }
            if (channels[0] > 253) {
                throw new IllegalArgumentException("interleaved channel " + channels[0] + " must be below 254");
            }
            return new TransportHeader(Protocol.TCP, channels[0], -1, -1);
        }
        if (multicast) {
            return new TransportHeader(Protocol.MULTICAST, -1, -1, -1);
        }
        if (ports[0] <= 0) {
            throw new IllegalArgumentException("UDP transport without client_port");
        }
        return new TransportHeader(Protocol.UDP, -1, ports[0], ports[1] > 0 ? ports[1] : ports[0] + 1);
    }

    private static int[] range(String value, int max, String name) {
        String[] ends = value.trim().split("-");
        try {
            int a = Integer.parseInt(ends[0].trim());
            int b = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : a + 1;
            if (a < 0 || a > max || b < 0 || b > max) {
                throw new IllegalArgumentException(name + " " + value + " is out of range");
            }
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " " + value + " is not a number range");
        }
    }
}
