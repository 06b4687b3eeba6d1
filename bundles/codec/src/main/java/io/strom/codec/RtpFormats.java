package io.strom.codec;

import io.strom.api.media.Format;
import io.netty.buffer.ByteBufAllocator;
import java.util.Optional;

/**
 * The RTP payload formats Strom knows, by codec name ({@link Format#codec()}), and the layout of
 * their access units, which every protocol bundle shares:
 *
 * <ul>
 *   <li>H264, H265: the NAL units of one picture, each preceded by its length as a 4-byte
 *       big-endian integer (the AVCC layout MP4 and FLV use); random-access units start with
 *       their parameter sets (SPS/PPS, and VPS for H265), re-inserted when the source left them
 *       out, so a reader joining at any keyframe can decode.</li>
 *   <li>AV1: one temporal unit as OBUs in the low-overhead format (each with its size field),
 *       without temporal delimiters.</li>
 *   <li>VP8, VP9: one compressed frame.</li>
 *   <li>Opus: one Opus packet.</li>
 *   <li>MPEG-4 Audio (RFC 3640) and MPEG-4 Audio LATM: one raw AAC access unit, no ADTS header.</li>
 *   <li>G711, LPCM: the samples of one packet as RTP carries them (LPCM big-endian).</li>
 *   <li>M-JPEG: one complete JPEG image, SOI to EOI, with its tables.</li>
 * </ul>
 */
public final class RtpFormats {

    private RtpFormats() {
    }

    /**
     * A depacketizer for the format, or empty when Strom has none for its codec or cannot use
     * its parameters (an MPEG-4 Audio fmtp without a valid config, say).
     */
    public static Optional<RtpDepacketizer> depacketizer(Format format, ByteBufAllocator allocator) {
        try {
            return Optional.ofNullable(switch (format.codec()) {
                case "H264" -> new H264Depacketizer(format, allocator);
                case "H265" -> new H265Depacketizer(format, allocator);
                case "AV1" -> new Av1Depacketizer(allocator);
                case "VP8" -> new Vp8Depacketizer(allocator);
                case "VP9" -> new Vp9Depacketizer(allocator);
                case "M-JPEG" -> new MjpegDepacketizer(allocator);
                case "MPEG-4 Audio" -> new Mpeg4AudioDepacketizer(allocator, Mpeg4AudioConfig.of(format));
                case "MPEG-4 Audio LATM" -> new Mpeg4AudioLatmDepacketizer(allocator, Mpeg4AudioLatmConfig.of(format));
                case "Opus", "G711", "LPCM" -> new WholePayloadDepacketizer(allocator);
                default -> null;
            });
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A packetizer for the format, or empty when Strom has none for its codec or cannot use its
     * parameters.
     */
    public static Optional<RtpPacketizer> packetizer(Format format, RtpPacketizer.Options options) {
        try {
            return Optional.ofNullable(switch (format.codec()) {
                case "H264" -> new H264Packetizer(options);
                case "H265" -> new H265Packetizer(options);
                case "AV1" -> new Av1Packetizer(options);
                case "VP8" -> new Vp8Packetizer(options);
                case "VP9" -> new Vp9Packetizer(options);
                case "M-JPEG" -> new MjpegPacketizer(options);
                case "MPEG-4 Audio" -> new Mpeg4AudioPacketizer(options, Mpeg4AudioConfig.of(format));
                case "MPEG-4 Audio LATM" -> new Mpeg4AudioLatmPacketizer(options, Mpeg4AudioLatmConfig.of(format));
                case "Opus" -> new OpusPacketizer(options);
                case "G711" -> new G711Packetizer(options, format.channels());
                case "LPCM" -> new LpcmPacketizer(options, LpcmPacketizer.DEFAULT_BIT_DEPTH, format.channels());
                default -> null;
            });
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
