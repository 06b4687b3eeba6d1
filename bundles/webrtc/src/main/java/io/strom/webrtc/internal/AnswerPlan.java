package io.strom.webrtc.internal;

import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Which track of the stream goes out on which section of an offer, with which of the offer's
 * payload types. Each stream track is sent at most once; a section that wants nothing the stream
 * has is rejected (port 0 in the answer).
 */
record AnswerPlan(OfferSdp offer, List<Binding> bindings) {

    /** RTCP feedback the sender implements; other offered kinds (transport-cc, goog-remb) are not answered. */
    private static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "ccm fir");

    /**
     * One sent track.
     *
     * @param section     the offer section index
     * @param track       the stream track index
     * @param payloadType the offer's payload type for it
     * @param rtpmap      the rtpmap value to answer
     * @param fmtp        the fmtp value to answer, or empty
     * @param feedback    the rtcp-fb values to answer
     */
    record Binding(int section, int track, int payloadType, String rtpmap, String fmtp, List<String> feedback) {
    }

    Binding bindingOf(int section) {
        for (Binding b : bindings) {
            if (b.section() == section) {
                return b;
            }
        }
        return null;
    }

    /**
     * Plans the answer.
     *
     * @throws IllegalArgumentException when not one track of the stream can be sent, with the codecs of both sides
     */
    static AnswerPlan plan(OfferSdp offer, MediaDescription stream) {
        boolean[] used = new boolean[stream.tracks().size()];
        List<Binding> bindings = new ArrayList<>();
        for (OfferSdp.Section section : offer.sections()) {
            if (!section.receives() || !section.protocol().contains("SAVPF") && !section.protocol().contains("SAVP")) {
                continue;
            }
            for (Track track : stream.tracks()) {
                if (used[track.index()] || !track.kind().name().toLowerCase(Locale.ROOT).equals(section.kind())) {
                    continue;
                }
                int pt = choosePayloadType(section, track.format());
                if (pt >= 0) {
                    used[track.index()] = true;
                    bindings.add(new Binding(section.index(), track.index(), pt, rtpmap(section, pt, track.format()),
                            section.fmtps().getOrDefault(pt, ""), feedback(section, pt, track.kind())));
                    break;
                }
            }
        }
        if (bindings.isEmpty()) {
            throw new IllegalArgumentException("no compatible codec: the stream has " + stream.codecs()
                    + ", the offer has " + offeredEncodings(offer));
        }
        return new AnswerPlan(offer, List.copyOf(bindings));
    }

    /** The offer's payload type for {@code format}, or -1. */
    static int choosePayloadType(OfferSdp.Section section, Format format) {
        String wanted = sdpEncoding(format);
        if (wanted == null) {
            return -1;
        }
        int fallback = -1;
        for (int pt : section.payloadTypes()) {
            if (!section.encoding(pt).equals(wanted) || !clockMatches(section, pt, format)) {
                continue;
            }
            if (!wanted.equals("H264")) {
                return pt;
            }
            Map<String, String> fmtp = parseFmtp(section.fmtps().getOrDefault(pt, ""));
            String streamMode = format.parameters().getOrDefault("packetization-mode", "0");
            if (!fmtp.getOrDefault("packetization-mode", "0").equals(streamMode)) {
                continue;
            }
            if (sameProfile(fmtp.get("profile-level-id"), format.parameters().get("profile-level-id"))) {
                return pt;
            }
            if (fallback < 0) {
                fallback = pt;
            }
        }
        return fallback;
    }

    /** The SDP encoding name of a stream format that WebRTC can carry, or null. */
    static String sdpEncoding(Format format) {
        return switch (format.codec()) {
            case "H264", "H265", "VP8", "VP9", "AV1" -> format.codec();
            case "Opus" -> "OPUS";
            case "G711" -> format.payloadType() == 8 ? "PCMA" : "PCMU";
            default -> null;
        };
    }

    private static boolean clockMatches(OfferSdp.Section section, int pt, Format format) {
        String map = section.rtpmaps().get(pt);
        if (map == null) {
            return true; // static payload types 0 and 8: 8000 Hz by definition
        }
        String[] parts = map.split("/");
        return parts.length < 2 || parts[1].equals(Integer.toString(format.clockRate()));
    }

    /** Whether two H264 profile-level-ids name the same profile (profile_idc and constraint flags); levels may differ. */
    private static boolean sameProfile(String offered, String stream) {
        if (offered == null || stream == null || offered.length() < 4 || stream.length() < 4) {
            return false;
        }
        return offered.substring(0, 4).equalsIgnoreCase(stream.substring(0, 4));
    }

    private static String rtpmap(OfferSdp.Section section, int pt, Format format) {
        String map = section.rtpmaps().get(pt);
        if (map != null) {
            return map;
        }
        return (pt == 8 ? "PCMA" : "PCMU") + "/" + format.clockRate();
    }

    private static List<String> feedback(OfferSdp.Section section, int pt, MediaKind kind) {
        List<String> out = new ArrayList<>();
        for (List<String> offered : List.of(section.feedback().getOrDefault(pt, List.of()),
                section.feedback().getOrDefault(-1, List.of()))) {
            for (String fb : offered) {
                if (FEEDBACK.contains(fb) && !out.contains(fb) && (kind == MediaKind.VIDEO || fb.equals("nack"))) {
                    out.add(fb);
                }
            }
        }
        return List.copyOf(out);
    }

    static Map<String, String> parseFmtp(String fmtp) {
        java.util.HashMap<String, String> out = new java.util.HashMap<>();
        for (String part : fmtp.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static String offeredEncodings(OfferSdp offer) {
        StringJoiner j = new StringJoiner("; ");
        for (OfferSdp.Section s : offer.sections()) {
            List<String> names = new ArrayList<>();
            for (int pt : s.payloadTypes()) {
                String e = s.encoding(pt);
                if (!e.isEmpty() && !names.contains(e) && !e.equals("RTX") && !e.equals("RED") && !e.equals("ULPFEC")) {
                    names.add(e);
                }
            }
            j.add(s.kind() + " " + names + (s.receives() ? "" : " (" + s.direction() + ")"));
        }
        return j.toString();
    }
}
