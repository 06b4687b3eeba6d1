package io.strom.webrtc.internal;

import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a WHIP publisher's offer becomes: for each section it sends on, the payload type Strom
 * takes (the first of its preference order the offer has) and the track that payload type fills
 * in the published stream. Video prefers H264 in packetization mode 1 with the constrained
 * baseline profile, which every reader protocol can carry (RTMP, HLS, RTSP, WHEP), then other
 * H264, VP8, VP9, AV1, H265; audio prefers Opus, then G711. Sections with nothing usable, or
 * that do not send, are rejected in the answer.
 *
 * @param plan        the answer's bindings, whose track indices are {@link #description}'s
 * @param description the stream the publisher will write
 */
record IngestPlan(AnswerPlan plan, MediaDescription description) {

    private static final List<String> VIDEO = List.of("H264", "VP8", "VP9", "AV1", "H265");
    private static final List<String> AUDIO = List.of("OPUS", "PCMU", "PCMA");
    /** RTCP feedback Strom sends to a publisher; NACKs and PLIs for video only. */
    private static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "goog-remb");
    private static final String CONSTRAINED_BASELINE = "42e0";

    /**
     * Plans the answer to a WHIP offer.
     *
     * @throws IllegalArgumentException when no section sends anything Strom can ingest
     */
    static IngestPlan plan(OfferSdp offer) {
        List<AnswerPlan.Binding> bindings = new ArrayList<>();
        List<Track> tracks = new ArrayList<>();
        for (OfferSdp.Section section : offer.sections()) {
            if (!section.sends()) {
                continue;
            }
            MediaKind kind = switch (section.kind()) {
                case "video" -> MediaKind.VIDEO;
                case "audio" -> MediaKind.AUDIO;
                default -> null;
            };
            int pt = kind == null ? -1 : choose(section, kind == MediaKind.VIDEO ? VIDEO : AUDIO);
            if (pt < 0) {
                continue;
            }
            Format format = format(section, pt);
            tracks.add(new Track(tracks.size(), kind, format));
            bindings.add(new AnswerPlan.Binding(section.index(), tracks.size() - 1, pt,
                    section.rtpmaps().getOrDefault(pt, section.encoding(pt) + "/" + format.clockRate()),
                    section.fmtps().getOrDefault(pt, ""), feedback(section, pt, kind)));
        }
        if (bindings.isEmpty()) {
            throw new IllegalArgumentException("no codec Strom can ingest: it takes video " + VIDEO + " and audio "
                    + AUDIO + " on sections that send (sendonly or sendrecv)");
        }
        return new IngestPlan(new AnswerPlan(offer, List.copyOf(bindings)), new MediaDescription(List.copyOf(tracks)));
    }

    /** The payload type of the first encoding in {@code preference} the section offers, or -1. */
    private static int choose(OfferSdp.Section section, List<String> preference) {
        for (String wanted : preference) {
            int fallback = -1;
            for (int pt : section.payloadTypes()) {
                if (!section.encoding(pt).equals(wanted)) {
                    continue;
                }
                if (!wanted.equals("H264")) {
                    return pt;
                }
                Map<String, String> fmtp = AnswerPlan.parseFmtp(section.fmtps().getOrDefault(pt, ""));
                if (!fmtp.getOrDefault("packetization-mode", "0").equals("1")) {
                    continue; // mode 0 (single NAL units) cannot carry frames above the MTU
                }
                if (fmtp.getOrDefault("profile-level-id", "").toLowerCase().startsWith(CONSTRAINED_BASELINE)) {
                    return pt;
                }
                if (fallback < 0) {
                    fallback = pt;
                }
            }
            if (fallback >= 0) {
                return fallback;
            }
        }
        return -1;
    }

    private static Format format(OfferSdp.Section section, int pt) {
        return switch (section.encoding(pt)) {
            case "H264" -> {
                Map<String, String> fmtp = AnswerPlan.parseFmtp(section.fmtps().getOrDefault(pt, ""));
                yield new Format("H264", pt, 90000, 0, Map.of("packetization-mode", "1",
                        "profile-level-id", fmtp.getOrDefault("profile-level-id", "42e01f")));
            }
            case "OPUS" -> Format.of("Opus", pt, 48000, 2);
            case "PCMU", "PCMA" -> Format.of("G711", pt, 8000, 1);
            default -> Format.of(section.encoding(pt), pt, 90000, 0);
        };
    }

    private static List<String> feedback(OfferSdp.Section section, int pt, MediaKind kind) {
        List<String> out = new ArrayList<>();
        for (List<String> offered : List.of(section.feedback().getOrDefault(pt, List.of()),
                section.feedback().getOrDefault(-1, List.of()))) {
            for (String fb : offered) {
                if (FEEDBACK.contains(fb) && !out.contains(fb) && kind == MediaKind.VIDEO) {
                    out.add(fb);
                }
            }
        }
        return List.copyOf(out);
    }
}
