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

    /** A depacketizer for the format, or empty when Strom has none for its codec. */
    public static Optional<RtpDepacketizer> depacketizer(Format format, ByteBufAllocator allocator) {
        return switch (format.codec()) {
            case "AV1" -> Optional.of(new Av1Depacketizer(allocator));
            case "M-JPEG" -> Optional.of(new MjpegDepacketizer(allocator));
            case "VP8" -> Optional.of(new Vp8Depacketizer(allocator));
            case "VP9" -> Optional.of(new Vp9Depacketizer(allocator));
            default -> Optional.empty();
        };
    }

    /** A packetizer for the format, or empty when Strom has none for its codec. */
    public static Optional<RtpPacketizer> packetizer(Format format, RtpPacketizer.Options options) {
        return switch (format.codec()) {
            case "AV1" -> Optional.of(new Av1Packetizer(options));
            case "M-JPEG" -> Optional.of(new MjpegPacketizer(options));
            case "VP8" -> Optional.of(new Vp8Packetizer(options));
            case "VP9" -> Optional.of(new Vp9Packetizer(options));
            default -> Optional.empty();
        };
    }
}
