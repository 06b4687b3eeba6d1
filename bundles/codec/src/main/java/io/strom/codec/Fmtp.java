package io.strom.codec;

import io.strom.api.media.Format;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SDP {@code fmtp} parameters of formats whose source is not RTP (an RTMP or MPEG-TS
 * publisher, say), so RTSP and WebRTC readers get a complete description: parameter sets for
 * H264 (RFC 6184 §8.1) and H265 (RFC 7798 §7.1), the AudioSpecificConfig for MPEG-4 Audio
 * (RFC 3640 AAC-hbr, with the AU-header sizes {@link Mpeg4AudioDepacketizer} reads), and stereo
 * for Opus (RFC 7587).
 */
public final class Fmtp {

    private Fmtp() {
    }

    /** An H264 format with its parameter sets (NAL units without start codes). */
    public static Format h264(int payloadType, byte[] sps, byte[] pps) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("packetization-mode", "1");
        if (sps.length >= 4) {
            p.put("profile-level-id", HexFormat.of().withUpperCase().formatHex(sps, 1, 4));
        }
        p.put("sprop-parameter-sets", b64(sps) + "," + b64(pps));
        return new Format("H264", payloadType, 90000, 0, p);
    }

    /** An H265 format with its parameter sets (NAL units without start codes). */
    public static Format h265(int payloadType, byte[] vps, byte[] sps, byte[] pps) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sprop-vps", b64(vps));
        p.put("sprop-sps", b64(sps));
        p.put("sprop-pps", b64(pps));
        return new Format("H265", payloadType, 90000, 0, p);
    }

    /**
     * An MPEG-4 Audio format (RFC 3640 AAC-hbr) for an AudioSpecificConfig; its clock rate and
     * channels come from the config.
     *
     * @throws IllegalArgumentException when the config cannot be parsed
     */
    public static Format mpeg4Audio(int payloadType, byte[] audioSpecificConfig) {
        AudioSpecificConfig asc = AudioSpecificConfig.parse(audioSpecificConfig);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("profile-level-id", "1");
        p.put("mode", "AAC-hbr");
        p.put("sizelength", Integer.toString(Mpeg4AudioConfig.DEFAULT_SIZE_LENGTH));
        p.put("indexlength", Integer.toString(Mpeg4AudioConfig.DEFAULT_INDEX_LENGTH));
        p.put("indexdeltalength", Integer.toString(Mpeg4AudioConfig.DEFAULT_INDEX_DELTA_LENGTH));
        p.put("config", HexFormat.of().formatHex(audioSpecificConfig));
        return new Format("MPEG-4 Audio", payloadType, asc.sampleRate(), asc.channels(), p);
    }

    /** An Opus format: always 48 kHz and two channels in SDP, with the stereo hint. */
    public static Format opus(int payloadType, int channels) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sprop-stereo", channels >= 2 ? "1" : "0");
        return new Format("Opus", payloadType, 48000, 2, p);
    }

    private static String b64(byte[] nal) {
        return Base64.getEncoder().encodeToString(nal);
    }
}
