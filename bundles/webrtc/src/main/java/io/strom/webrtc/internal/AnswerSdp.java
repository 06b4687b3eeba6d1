package io.strom.webrtc.internal;

import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceCredentials;
import java.util.List;
import java.util.StringJoiner;

/**
 * Writes the SDP answer of a session from its {@link AnswerPlan}: a sending (WHEP) one announces
 * its SSRCs, a receiving (WHIP) one does not.
 */
final class AnswerSdp {

    private AnswerSdp() {
    }

    /**
     * The answer.
     *
     * @param ssrcs the SSRC of each binding of the plan, in order, when the answerer sends; null when it receives
     */
    static String write(AnswerPlan plan, long sessionVersion, IceCredentials ice, List<IceCandidate> candidates,
                        boolean iceLite, String fingerprintSha256, long[] ssrcs) {
        StringBuilder b = new StringBuilder(2048);
        line(b, "v=0");
        line(b, "o=- " + sessionVersion + " 1 IN IP4 0.0.0.0");
        line(b, "s=-");
        line(b, "t=0 0");
        StringJoiner bundle = new StringJoiner(" ", "a=group:BUNDLE ", "");
        for (AnswerPlan.Binding binding : plan.bindings()) {
            bundle.add(plan.offer().sections().get(binding.section()).mid());
        }
        line(b, bundle.toString());
        if (iceLite) {
            line(b, "a=ice-lite");
        }
        line(b, "a=msid-semantic: WMS strom");
        for (OfferSdp.Section section : plan.offer().sections()) {
            AnswerPlan.Binding binding = plan.bindingOf(section.index());
            if (binding == null) {
                rejected(b, section);
            } else {
                long ssrc = ssrcs == null ? -1 : ssrcs[plan.bindings().indexOf(binding)];
                accepted(b, section, binding, ssrc, ice, candidates, fingerprintSha256);
            }
        }
        return b.toString();
    }

    private static void rejected(StringBuilder b, OfferSdp.Section section) {
        line(b, "m=" + section.kind() + " 0 " + section.protocol() + " "
                + (section.payloadTypes().isEmpty() ? "0" : section.payloadTypes().get(0)));
        line(b, "c=IN IP4 0.0.0.0");
        if (!section.mid().isEmpty()) {
            line(b, "a=mid:" + section.mid());
        }
        line(b, "a=inactive");
    }

    private static void accepted(StringBuilder b, OfferSdp.Section section, AnswerPlan.Binding binding, long ssrc,
                                 IceCredentials ice, List<IceCandidate> candidates, String fingerprint) {
        int pt = binding.payloadType();
        line(b, "m=" + section.kind() + " 9 " + section.protocol() + " " + pt);
        line(b, "c=IN IP4 0.0.0.0");
        line(b, "a=rtcp:9 IN IP4 0.0.0.0");
        line(b, "a=ice-ufrag:" + ice.ufrag());
        line(b, "a=ice-pwd:" + ice.pwd());
        line(b, "a=fingerprint:sha-256 " + fingerprint);
        line(b, "a=setup:passive");
        line(b, "a=mid:" + section.mid());
        line(b, ssrc < 0 ? "a=recvonly" : "a=sendonly");
        line(b, "a=rtcp-mux");
        line(b, "a=rtpmap:" + pt + " " + binding.rtpmap());
        if (!binding.fmtp().isEmpty()) {
            line(b, "a=fmtp:" + pt + " " + binding.fmtp());
        }
        for (String fb : binding.feedback()) {
            line(b, "a=rtcp-fb:" + pt + " " + fb);
        }
        if (ssrc >= 0) {
            String trackId = section.kind() + binding.track();
            line(b, "a=msid:strom " + trackId);
            line(b, "a=ssrc:" + ssrc + " cname:strom");
            line(b, "a=ssrc:" + ssrc + " msid:strom " + trackId);
        }
        for (IceCandidate c : candidates) {
            line(b, "a=" + Candidates.format(c));
        }
        line(b, "a=end-of-candidates");
    }

    private static void line(StringBuilder b, String line) {
        b.append(line).append("\r\n");
    }
}
