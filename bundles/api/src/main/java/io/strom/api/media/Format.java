package io.strom.api.media;

import java.util.Map;
import java.util.Objects;

/**
 * One media format: the codec, its RTP clock and payload type, and its codec parameters.
 *
 * <p>{@code codec} uses MediaMTX's names ({@code H264}, {@code H265}, {@code AV1}, {@code VP8},
 * {@code VP9}, {@code Opus}, {@code MPEG-4 Audio}, {@code G711}, {@code LPCM}, {@code M-JPEG}), so
 * the control API reports the same track names. {@code parameters} holds the SDP {@code fmtp}
 * attributes as given (for H264: {@code packetization-mode}, {@code sprop-parameter-sets},
 * {@code profile-level-id}); the {@code codec} bundle interprets them.
 *
 * @param codec        codec name, never blank
 * @param payloadType  RTP payload type, 0 to 127
 * @param clockRate    RTP clock rate in Hz, positive
 * @param channels     audio channel count, 0 for video and unknown
 * @param parameters   SDP fmtp parameters, copied and unmodifiable
 */
public record Format(String codec, int payloadType, int clockRate, int channels, Map<String, String> parameters) {

    public Format {
        Objects.requireNonNull(codec, "codec");
        if (codec.isBlank()) {
            throw new IllegalArgumentException("codec is blank");
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType " + payloadType + " is outside 0..127");
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate " + clockRate + " is not positive");
        }
        if (channels < 0) {
            throw new IllegalArgumentException("channels " + channels + " is negative");
        }
        parameters = Map.copyOf(parameters);
    }

    /** A format without codec parameters. */
    public static Format of(String codec, int payloadType, int clockRate, int channels) {
        return new Format(codec, payloadType, clockRate, channels, Map.of());
    }
}
