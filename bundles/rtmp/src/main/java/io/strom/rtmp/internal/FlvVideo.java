package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Format;

/**
 * One video message body as {@link FlvVideoReader} understood it: either a sequence header,
 * with the {@link Format} it describes and no access unit, or a coded frame in Strom's layout
 * ({@link io.strom.codec.RtpFormats}) without a format.
 *
 * @param codec           Strom's codec name: H264, H265, AV1 or VP9
 * @param format          the format of a sequence header, null for a frame
 * @param keyframe        whether the FLV frame type says keyframe (false for sequence headers)
 * @param compositionTime presentation minus decoding time in milliseconds, 0 when absent
 * @param accessUnit      the frame, owned by the caller, who must release it; null for a sequence header
 */
record FlvVideo(String codec, Format format, boolean keyframe, int compositionTime, ByteBuf accessUnit) {

    static FlvVideo sequenceHeader(String codec, Format format) {
        return new FlvVideo(codec, format, false, 0, null);
    }

    static FlvVideo frame(String codec, boolean keyframe, int compositionTime, ByteBuf accessUnit) {
        return new FlvVideo(codec, null, keyframe, compositionTime, accessUnit);
    }

    boolean isSequenceHeader() {
        return format != null;
    }
}
