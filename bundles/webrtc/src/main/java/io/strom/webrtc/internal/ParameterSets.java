package io.strom.webrtc.internal;

import io.strom.api.media.Format;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The RTP payload that carries a stream's H264 or H265 parameter sets from its SDP
 * ({@code sprop-*}) in one aggregation packet (H264 STAP-A, RFC 6184 §5.7.1; H265 AP, RFC 7798
 * §4.4.2). Browsers ignore {@code sprop} in SDP and RTSP sources often send parameter sets only
 * out of band, so a WebRTC reader sends this just before its first keyframe.
 */
final class ParameterSets {

    private ParameterSets() {
    }

    /** The aggregation payload, or null when the format has no parameter sets in its SDP. */
    static byte[] aggregationPayload(Format format) {
        List<byte[]> nals = new ArrayList<>();
        try {
            if (format.codec().equals("H264")) {
                for (String set : format.parameters().getOrDefault("sprop-parameter-sets", "").split(",")) {
                    add(nals, set);
                }
            } else if (format.codec().equals("H265")) {
                for (String key : List.of("sprop-vps", "sprop-sps", "sprop-pps")) {
                    add(nals, format.parameters().getOrDefault(key, ""));
                }
            }
        } catch (IllegalArgumentException e) {
            return null; // undecodable base64: the stream's own in-band parameter sets must do
        }
        if (nals.size() < 2) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format.codec().equals("H264")) {
            int nri = 0;
            for (byte[] nal : nals) {
                nri = Math.max(nri, nal[0] & 0x60);
            }
            out.write(nri | 24);
        } else {
            out.write(48 << 1);
            out.write(1);
        }
        for (byte[] nal : nals) {
            out.write(nal.length >> 8);
            out.write(nal.length);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    private static void add(List<byte[]> nals, String base64) {
        if (!base64.isBlank()) {
            byte[] nal = Base64.getDecoder().decode(base64.strip());
            if (nal.length > 0 && nal.length < 0xFFFF) {
                nals.add(nal);
            }
        }
    }
}
