package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.codec.Fmtp;

/**
 * Reads the video message bodies (RTMP type 9, FLV tag type 9) of one track: classic AVC tags
 * (FLV specification v10.1, E.4.3), the HEVC-in-classic-tag extension (codec id 12) some Chinese
 * CDNs and ffmpeg use, and Enhanced RTMP (Veovera v1 and v2) tags for {@code avc1},
 * {@code hvc1}, {@code av01} and {@code vp09}.
 *
 * <p>Stateful because the frames depend on the last sequence header: its NAL length size, and
 * its parameter sets, which are put in front of H264/H265 keyframes that lack them so readers can
 * join at any keyframe. AV1 keyframes without a sequence header get the configuration OBUs the
 * same way. Video info/command frames, end-of-sequence, metadata and MPEG-2 TS sequence starts
 * carry nothing Strom forwards and read as null. Not thread-safe: one per publishing track.
 */
final class FlvVideoReader {

    private static final int CODEC_AVC = 7;
    private static final int CODEC_HEVC = 12;
    private static final int FRAME_KEY = 1;
    private static final int FRAME_COMMAND = 5;

    private static final int SEQUENCE_START = 0;
    private static final int CODED_FRAMES = 1;
    private static final int SEQUENCE_END = 2;
    private static final int CODED_FRAMES_X = 3;
    private static final int METADATA = 4;
    private static final int MPEG2TS_SEQUENCE_START = 5;
    private static final int MULTITRACK = 6;

    private static final int[] H264_SETS = {7, 8};
    private static final int[] H265_SETS = {HevcConfig.NAL_VPS, HevcConfig.NAL_SPS, HevcConfig.NAL_PPS};

    private final ByteBufAllocator allocator;
    /** The codec of the last sequence header; its state below applies only to that codec. */
    private String codec;
    private int lengthSize = 4;
    private byte[][] parameterSets;
    private byte[] av1ConfigObus;

    FlvVideoReader(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /**
     * Reads one body, from its reader index to its writer index, leaving both and the body's
     * ownership unchanged.
     *
     * @return the sequence header or frame, or null for a message without media
     * @throws FlvException when the body is malformed or uses a codec Strom does not take
     */
    FlvVideo read(ByteBuf body) throws FlvException {
        if (!body.isReadable()) {
            throw new FlvException("empty video message");
        }
        ByteBuf in = body.duplicate();
        int first = in.readUnsignedByte();
        if ((first & 0x80) != 0) {
            return readEnhanced(in, (first >> 4) & 0x07, first & 0x0F);
        }
        int frameType = first >> 4;
        int codecId = first & 0x0F;
        if (codecId != CODEC_AVC && codecId != CODEC_HEVC) {
            throw new FlvException("unsupported FLV video codec id " + codecId + " (" + classicName(codecId) + ")");
        }
        if (frameType == FRAME_COMMAND) {
            return null;
        }
        String name = codecId == CODEC_AVC ? "H264" : "H265";
        FlvTags.need(in, 4, "AVC packet header");
        int packetType = in.readUnsignedByte();
        int compositionTime = in.readMedium(); // SI24: readMedium sign-extends
        switch (packetType) {
            case 0:
                return sequenceHeader(name, in);
            case 1:
                return frame(name, frameType == FRAME_KEY, compositionTime, in);
            case 2:
                return null;
            default:
                throw new FlvException("unknown AVC packet type " + packetType);
        }
    }

    private FlvVideo readEnhanced(ByteBuf in, int frameType, int packetType) throws FlvException {
        packetType = FlvTags.skipModEx(in, packetType);
        if (packetType == MULTITRACK) {
            throw new FlvException("Enhanced RTMP multitrack video is not supported");
        }
        if (frameType == FRAME_COMMAND && packetType != METADATA) {
            return null; // a video command byte follows instead of a FourCC: seek hints, no picture
        }
        FlvTags.need(in, 4, "Enhanced RTMP video FourCC");
        int fourCc = in.readInt();
        String name = enhancedCodec(fourCc);
        switch (packetType) {
            case SEQUENCE_START:
                return sequenceHeader(name, in);
            case CODED_FRAMES:
                int compositionTime = 0;
                if (fourCc == FlvTags.AVC1 || fourCc == FlvTags.HVC1) {
                    FlvTags.need(in, 3, "composition time");
                    compositionTime = in.readMedium();
                }
                return frame(name, frameType == FRAME_KEY, compositionTime, in);
            case CODED_FRAMES_X:
                return frame(name, frameType == FRAME_KEY, 0, in);
            case SEQUENCE_END:
            case METADATA:
            case MPEG2TS_SEQUENCE_START:
                return null;
            default:
                throw new FlvException("unknown Enhanced RTMP video packet type " + packetType);
        }
    }

    private static String enhancedCodec(int fourCc) throws FlvException {
        if (fourCc == FlvTags.AVC1) {
            return "H264";
        } else if (fourCc == FlvTags.HVC1) {
            return "H265";
        } else if (fourCc == FlvTags.AV01) {
            return "AV1";
        } else if (fourCc == FlvTags.VP09) {
            return "VP9";
        }
        throw new FlvException("unsupported Enhanced RTMP video FourCC " + FlvTags.fourCcName(fourCc));
    }

    private FlvVideo sequenceHeader(String name, ByteBuf in) throws FlvException {
        Format format;
        // Parse fully before touching the state, so a bad header leaves the previous one in force.
        switch (name) {
            case "H264": {
                AvcConfig c = AvcConfig.parse(in);
                format = Fmtp.h264(96, c.sps().get(0), c.pps().get(0));
                lengthSize = c.lengthSize();
                parameterSets = new byte[][] {c.sps().get(0), c.pps().get(0)};
                break;
            }
            case "H265": {
                HevcConfig c = HevcConfig.parse(in);
                format = Fmtp.h265(96, c.vps().get(0), c.sps().get(0), c.pps().get(0));
                lengthSize = c.lengthSize();
                parameterSets = new byte[][] {c.vps().get(0), c.sps().get(0), c.pps().get(0)};
                break;
            }
            case "AV1":
                av1ConfigObus = Av1Config.configObus(in);
                format = Format.of("AV1", 96, 90000, 0);
                break;
            default:
                VpcConfig.check(in);
                format = Format.of("VP9", 96, 90000, 0);
                break;
        }
        codec = name;
        return FlvVideo.sequenceHeader(name, format);
    }

    private FlvVideo frame(String name, boolean keyframe, int compositionTime, ByteBuf in) throws FlvException {
        boolean configured = name.equals(codec);
        ByteBuf au;
        switch (name) {
            case "H264":
            case "H265": {
                boolean h265 = name.equals("H265");
                au = NalUnits.toAvcc(in, configured ? lengthSize : 4, allocator);
                if (keyframe && configured) {
                    au = NalUnits.insertMissing(au, h265, h265 ? H265_SETS : H264_SETS, parameterSets, allocator);
                }
                break;
            }
            case "AV1":
                au = Av1Obus.normalize(in, allocator);
                if (keyframe && configured && av1ConfigObus.length > 0 && Av1Obus.sequenceHeader(au) == null) {
                    au = allocator.compositeBuffer(2)
                            .addComponent(true, allocator.buffer(av1ConfigObus.length).writeBytes(av1ConfigObus))
                            .addComponent(true, au);
                }
                break;
            default:
                au = in.retainedSlice();
                break;
        }
        if (!au.isReadable()) {
            au.release();
            return null;
        }
        return FlvVideo.frame(name, keyframe, compositionTime, au);
    }

    private static String classicName(int codecId) {
        switch (codecId) {
            case 1:
                return "JPEG";
            case 2:
                return "Sorenson H.263";
            case 3:
                return "Screen video";
            case 4:
                return "On2 VP6";
            case 5:
                return "On2 VP6 with alpha";
            case 6:
                return "Screen video version 2";
            default:
                return "unknown";
        }
    }
}
