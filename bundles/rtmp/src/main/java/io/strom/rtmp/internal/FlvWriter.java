package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.codec.Mpeg4AudioConfig;
import java.util.Base64;

/**
 * Builds RTMP audio and video message bodies from access units in Strom's layout
 * ({@link io.strom.codec.RtpFormats}), the reverse of {@link FlvVideoReader} and
 * {@link FlvAudioReader}: classic tags for H264, AAC, MP3 and G711, since every RTMP player
 * reads them, and Enhanced RTMP for H265, AV1 and VP9, which classic tags cannot carry.
 *
 * <p>Frames are written as they are, parameter sets included, so a player joining at a keyframe
 * can decode. Frame bodies are composite buffers around a retained slice of the access unit;
 * the caller keeps its own reference, and owns (must release) every body returned.
 */
final class FlvWriter {

    private static final int SI24_MIN = -(1 << 23);
    private static final int SI24_MAX = (1 << 23) - 1;

    private FlvWriter() {
    }

    /**
     * The video sequence header for the parameter sets in an access unit (H264: SPS and PPS;
     * H265: VPS, SPS and PPS; AV1: the sequence header OBU; VP9: any frame), or null when the
     * unit lacks them.
     */
    static ByteBuf videoSequenceHeader(String codec, ByteBuf accessUnit, ByteBufAllocator allocator) throws FlvException {
        switch (codec) {
            case "H264": {
                byte[] sps = NalUnits.find(accessUnit, 7, false);
                byte[] pps = NalUnits.find(accessUnit, 8, false);
                return sps == null || pps == null ? null : h264SequenceHeader(sps, pps, allocator);
            }
            case "H265": {
                byte[] vps = NalUnits.find(accessUnit, HevcConfig.NAL_VPS, true);
                byte[] sps = NalUnits.find(accessUnit, HevcConfig.NAL_SPS, true);
                byte[] pps = NalUnits.find(accessUnit, HevcConfig.NAL_PPS, true);
                return vps == null || sps == null || pps == null ? null : h265SequenceHeader(vps, sps, pps, allocator);
            }
            case "AV1": {
                byte[] header = Av1Obus.sequenceHeader(accessUnit);
                if (header == null) {
                    return null;
                }
                ByteBuf out = enhancedHeader(allocator, 1, 0, FlvTags.AV01, 4 + header.length);
                Av1Config.write(out, header);
                return out;
            }
            case "VP9": {
                ByteBuf out = enhancedHeader(allocator, 1, 0, FlvTags.VP09, VpcConfig.SIZE);
                VpcConfig.write(out, accessUnit);
                return out;
            }
            default:
                throw new FlvException("RTMP cannot carry " + codec + " video");
        }
    }

    /**
     * The video sequence header for the parameter sets in an H264 or H265 format's fmtp
     * ({@code sprop-parameter-sets}; {@code sprop-vps}, {@code sprop-sps}, {@code sprop-pps}),
     * or null when it has none: AV1 and VP9 need a frame.
     */
    static ByteBuf videoSequenceHeader(Format format, ByteBufAllocator allocator) {
        try {
            if (format.codec().equals("H264")) {
                String sets = format.parameters().get("sprop-parameter-sets");
                String[] items = sets == null ? new String[0] : sets.split(",");
                if (items.length >= 2) {
                    byte[] sps = Base64.getDecoder().decode(items[0].strip());
                    byte[] pps = Base64.getDecoder().decode(items[1].strip());
                    return sps.length >= 4 && pps.length > 0 ? h264SequenceHeader(sps, pps, allocator) : null;
                }
            } else if (format.codec().equals("H265")) {
                String vps = format.parameters().get("sprop-vps");
                String sps = format.parameters().get("sprop-sps");
                String pps = format.parameters().get("sprop-pps");
                if (vps != null && sps != null && pps != null) {
                    return h265SequenceHeader(Base64.getDecoder().decode(vps.strip()),
                            Base64.getDecoder().decode(sps.strip()), Base64.getDecoder().decode(pps.strip()), allocator);
                }
            }
        } catch (IllegalArgumentException e) {
            // bad base64: no usable parameter sets
        }
        return null;
    }

    /** A classic AVC sequence header for one SPS (of at least 4 bytes) and PPS. */
    static ByteBuf h264SequenceHeader(byte[] sps, byte[] pps, ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(16 + sps.length + pps.length);
        out.writeByte(1 << 4 | 7).writeByte(0).writeMedium(0);
        AvcConfig.write(out, sps, pps);
        return out;
    }

    /** An Enhanced RTMP {@code hvc1} SequenceStart for one VPS, SPS and PPS. */
    static ByteBuf h265SequenceHeader(byte[] vps, byte[] sps, byte[] pps, ByteBufAllocator allocator) {
        ByteBuf out = enhancedHeader(allocator, 1, 0, FlvTags.HVC1, 40 + vps.length + sps.length + pps.length);
        HevcConfig.write(out, vps, sps, pps);
        return out;
    }

    /**
     * A video frame body; the composition time is {@code pts - dts}, the message timestamp
     * being {@code dts}, clamped to the signed 24 bits FLV has for it.
     */
    static ByteBuf videoFrame(String codec, ByteBuf accessUnit, boolean keyframe, long pts, long dts,
            ByteBufAllocator allocator) throws FlvException {
        int frameType = keyframe ? 1 : 2;
        int compositionTime = (int) Math.max(SI24_MIN, Math.min(SI24_MAX, pts - dts));
        ByteBuf header;
        switch (codec) {
            case "H264":
                header = allocator.buffer(5).writeByte(frameType << 4 | 7).writeByte(1).writeMedium(compositionTime);
                break;
            case "H265":
                // CodedFramesX when the composition time is 0: three bytes shorter, as OBS writes it.
                header = enhancedHeader(allocator, frameType, compositionTime == 0 ? 3 : 1, FlvTags.HVC1, 0);
                if (compositionTime != 0) {
                    header.writeMedium(compositionTime);
                }
                break;
            case "AV1":
                header = enhancedHeader(allocator, frameType, 1, FlvTags.AV01, 0);
                break;
            case "VP9":
                header = enhancedHeader(allocator, frameType, 1, FlvTags.VP09, 0);
                break;
            default:
                throw new FlvException("RTMP cannot carry " + codec + " video");
        }
        return withPayload(header, accessUnit, allocator);
    }

    /** The audio sequence header of a format: AAC's AudioSpecificConfig, or null for codecs without one. */
    static ByteBuf audioSequenceHeader(Format format, ByteBufAllocator allocator) throws FlvException {
        if (!format.codec().equals(FlvAudioReader.AAC)) {
            return null;
        }
        try {
            return aacSequenceHeader(Mpeg4AudioConfig.of(format).config(), allocator);
        } catch (IllegalArgumentException e) {
            throw new FlvException("MPEG-4 Audio format has no usable config: " + e.getMessage());
        }
    }

    /** A classic AAC sequence header for an AudioSpecificConfig. */
    static ByteBuf aacSequenceHeader(byte[] audioSpecificConfig, ByteBufAllocator allocator) {
        return allocator.buffer(2 + audioSpecificConfig.length).writeByte(0xAF).writeByte(0).writeBytes(audioSpecificConfig);
    }

    /** An audio frame body for an AAC, MP3 or G711 frame. */
    static ByteBuf audioFrame(Format format, ByteBuf frame, ByteBufAllocator allocator) throws FlvException {
        ByteBuf header;
        switch (format.codec()) {
            case FlvAudioReader.AAC:
                // FLV requires the 44 kHz, 16-bit, stereo flags for AAC whatever the config says.
                header = allocator.buffer(2).writeByte(0xAF).writeByte(1);
                break;
            case FlvAudioReader.MP3:
                header = allocator.buffer(1).writeByte(FlvAudioReader.FORMAT_MP3 << 4 | soundFlags(format));
                break;
            case "G711":
                // The law follows the static payload type, as RtpEncodings names it: 8 PCMA, else PCMU.
                int soundFormat = format.payloadType() == 8 ? FlvAudioReader.FORMAT_G711_ALAW : FlvAudioReader.FORMAT_G711_MULAW;
                header = allocator.buffer(1).writeByte(soundFormat << 4 | 0x02 | (format.channels() > 1 ? 1 : 0));
                break;
            default:
                throw new FlvException("RTMP cannot carry " + format.codec() + " audio");
        }
        return withPayload(header, frame, allocator);
    }

    /** Rate, size and type flags: 44 kHz and 16-bit (players decode MP3 from its own headers). */
    private static int soundFlags(Format format) {
        return 0x0C | 0x02 | (format.channels() == 1 ? 0 : 1);
    }

    private static ByteBuf enhancedHeader(ByteBufAllocator allocator, int frameType, int packetType, int fourCc, int extra) {
        return allocator.buffer(8 + extra).writeByte(0x80 | frameType << 4 | packetType).writeInt(fourCc);
    }

    private static ByteBuf withPayload(ByteBuf header, ByteBuf payload, ByteBufAllocator allocator) {
        return allocator.compositeBuffer(2).addComponent(true, header).addComponent(true, payload.retainedSlice());
    }
}
