package io.strom.webrtc.internal;

import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceCredentials;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A WebRTC offer (JSEP, RFC 8829) as far as an answerer needs it: per media section the payload
 * types with their rtpmap, fmtp and rtcp-fb lines, the mid and direction, and the ICE and DTLS
 * attributes, taken from the section or else from the session level.
 */
record OfferSdp(List<Section> sections) {

    /** Offers larger than this are refused before parsing: a browser's offer is a few KiB. */
    static final int MAX_LENGTH = 64 * 1024;
    /** RTP profiles an offer may name that carry no DTLS: nothing Strom could key SRTP with. */
    private static final Set<String> RTP_WITHOUT_DTLS = Set.of("RTP/AVP", "RTP/AVPF", "RTP/SAVP", "RTP/SAVPF");

    /** One {@code m=} section. */
    record Section(int index, String kind, String protocol, List<Integer> payloadTypes, String mid, String direction,
                   Map<Integer, String> rtpmaps, Map<Integer, String> fmtps, Map<Integer, List<String>> feedback,
                   IceCredentials ice, String fingerprint, String setup, List<IceCandidate> candidates) {

        /** The encoding name of {@code pt} in upper case ({@code H264}, {@code OPUS}), or "" when unknown. */
        String encoding(int pt) {
            String map = rtpmaps.get(pt);
            if (map == null) {
                return switch (pt) {
                    case 0 -> "PCMU";
                    case 8 -> "PCMA";
                    default -> "";
                };
            }
            int slash = map.indexOf('/');
            return (slash < 0 ? map : map.substring(0, slash)).toUpperCase(Locale.ROOT);
        }

        /** Whether the peer wants to receive on this section. */
        boolean receives() {
            return direction.equals("sendrecv") || direction.equals("recvonly");
        }

        /** Whether the offerer sends media on this section (a WHIP publisher). */
        boolean sends() {
            return direction.equals("sendrecv") || direction.equals("sendonly");
        }
    }

    /**
     * Parses an offer.
     *
     * @throws IllegalArgumentException with a reason fit for a 400 response
     */
    static OfferSdp parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("offer larger than " + MAX_LENGTH + " bytes");
        }
        if (!text.startsWith("v=0")) {
            throw new IllegalArgumentException("not an SDP offer (must start with v=0)");
        }
        Map<String, String> session = new LinkedHashMap<>();
        List<SectionBuilder> builders = new ArrayList<>();
        SectionBuilder current = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                if (line.isEmpty()) {
                    continue;
                }
                throw new IllegalArgumentException("malformed SDP line: " + abbreviate(line));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                current = new SectionBuilder(builders.size(), value);
                builders.add(current);
            } else if (type == 'a') {
                if (current == null) {
                    int colon = value.indexOf(':');
                    session.putIfAbsent(colon < 0 ? value : value.substring(0, colon), colon < 0 ? "" : value.substring(colon + 1));
                } else {
                    current.attribute(value);
                }
            }
        }
        if (builders.isEmpty()) {
            throw new IllegalArgumentException("the offer has no media section");
        }
        List<Section> sections = new ArrayList<>(builders.size());
        for (SectionBuilder b : builders) {
            sections.add(b.build(session));
        }
        return new OfferSdp(List.copyOf(sections));
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }

    private static final class SectionBuilder {
        private final int index;
        private final String kind;
        private final String protocol;
        private final List<Integer> payloadTypes = new ArrayList<>();
        private final Map<Integer, String> rtpmaps = new LinkedHashMap<>();
        private final Map<Integer, String> fmtps = new LinkedHashMap<>();
        private final Map<Integer, List<String>> feedback = new LinkedHashMap<>();
        private final List<IceCandidate> candidates = new ArrayList<>();
        private String mid = "";
        private String direction = "sendrecv";
        private String ufrag;
        private String pwd;
        private String fingerprint;
        private String setup;

        SectionBuilder(int index, String mline) {
            this.index = index;
            String[] f = mline.split(" ");
            if (f.length < 4) {
                throw new IllegalArgumentException("malformed m= line: " + abbreviate(mline));
            }
            this.kind = f[0];
            this.protocol = f[2];
            for (int i = 3; i < f.length; i++) {
                payloadTypes.add(payloadType(f[i]));
            }
        }

        void attribute(String value) {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? "" : value.substring(colon + 1);
            switch (name) {
                case "mid" -> mid = arg;
                case "sendrecv", "sendonly", "recvonly", "inactive" -> direction = name;
                case "ice-ufrag" -> ufrag = arg;
                case "ice-pwd" -> pwd = arg;
                case "fingerprint" -> fingerprint = arg;
                case "setup" -> setup = arg;
                case "candidate" -> candidates.add(Candidates.parse(arg));
                case "rtpmap" -> rtpmaps.put(payloadType(before(arg)), after(arg));
                case "fmtp" -> fmtps.put(payloadType(before(arg)), after(arg));
                case "rtcp-fb" -> feedback.computeIfAbsent(payloadTypeOrWildcard(before(arg)), k -> new ArrayList<>()).add(after(arg));
                default -> {
                    // extmap, ssrc, msid, rtcp-rsize...: nothing the answerer needs
                }
            }
        }

        Section build(Map<String, String> session) {
            if (RTP_WITHOUT_DTLS.contains(protocol)) {
                throw new IllegalArgumentException("no SRTP profile in common: media section " + index + " uses "
                        + protocol + " (plain RTP or SDES keys), WHEP sends SRTP keyed by DTLS (UDP/TLS/RTP/SAVPF)");
            }
            String u = ufrag != null ? ufrag : session.get("ice-ufrag");
            String p = pwd != null ? pwd : session.get("ice-pwd");
            String fp = fingerprint != null ? fingerprint : session.get("fingerprint");
            String s = setup != null ? setup : session.getOrDefault("setup", "actpass");
            if (u == null || p == null) {
                throw new IllegalArgumentException("media section " + index + " has no ice-ufrag/ice-pwd");
            }
            if (fp == null) {
                throw new IllegalArgumentException("media section " + index + " has no DTLS fingerprint");
            }
            return new Section(index, kind, protocol, List.copyOf(payloadTypes), mid, direction, Map.copyOf(rtpmaps),
                    Map.copyOf(fmtps), Map.copyOf(feedback), new IceCredentials(u, p), fp, s, List.copyOf(candidates));
        }

        private static String before(String arg) {
            int space = arg.indexOf(' ');
            return space < 0 ? arg : arg.substring(0, space);
        }

        private static String after(String arg) {
            int space = arg.indexOf(' ');
            return space < 0 ? "" : arg.substring(space + 1).strip();
        }

        private static int payloadTypeOrWildcard(String text) {
            return text.equals("*") ? -1 : payloadType(text);
        }

        private static int payloadType(String text) {
            try {
                int pt = Integer.parseInt(text);
                if (pt < 0 || pt > 127) {
                    throw new IllegalArgumentException("payload type " + pt + " is outside 0..127");
                }
                return pt;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed payload type: " + abbreviate(text));
            }
        }
    }
}
