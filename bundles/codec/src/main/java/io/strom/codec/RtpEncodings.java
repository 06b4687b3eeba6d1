package io.strom.codec;

import java.util.Locale;
import java.util.Map;

/**
 * Maps RTP encoding names ({@code a=rtpmap}) to Strom's codec names (MediaMTX's track names)
 * and back. An encoding Strom does not know keeps its own name, so it still passes through.
 */
public final class RtpEncodings {

    private static final Map<String, String> CODEC_OF = Map.ofEntries(
            Map.entry("H264", "H264"), Map.entry("H265", "H265"), Map.entry("AV1", "AV1"),
            Map.entry("VP8", "VP8"), Map.entry("VP9", "VP9"), Map.entry("OPUS", "Opus"),
            Map.entry("MPEG4-GENERIC", "MPEG-4 Audio"), Map.entry("MP4A-LATM", "MPEG-4 Audio LATM"),
            Map.entry("JPEG", "M-JPEG"), Map.entry("MPA", "MPEG-1/2 Audio"), Map.entry("L16", "LPCM"));

    private static final Map<String, String> ENCODING_OF = Map.ofEntries(
            Map.entry("H264", "H264"), Map.entry("H265", "H265"), Map.entry("AV1", "AV1"),
            Map.entry("VP8", "VP8"), Map.entry("VP9", "VP9"), Map.entry("Opus", "opus"),
            Map.entry("MPEG-4 Audio", "MPEG4-GENERIC"), Map.entry("MPEG-4 Audio LATM", "MP4A-LATM"),
            Map.entry("M-JPEG", "JPEG"), Map.entry("MPEG-1/2 Audio", "MPA"), Map.entry("LPCM", "L16"));

    private RtpEncodings() {
    }

    /**
     * The codec name for an rtpmap encoding. G711 is named {@code G711} when it uses its static
     * payload type (PCMU 0, PCMA 8), which makes the law recoverable; otherwise it keeps its
     * encoding name.
     */
    public static String codecOf(String encoding, int payloadType) {
        String upper = encoding.toUpperCase(Locale.ROOT);
        if ((upper.equals("PCMU") && payloadType == 0) || (upper.equals("PCMA") && payloadType == 8)) {
            return "G711";
        }
        return CODEC_OF.getOrDefault(upper, encoding);
    }

    /** The rtpmap encoding name for a codec name. */
    public static String encodingOf(String codec, int payloadType) {
        if (codec.equals("G711")) {
            return payloadType == 8 ? "PCMA" : "PCMU";
        }
        return ENCODING_OF.getOrDefault(codec, codec);
    }
}
