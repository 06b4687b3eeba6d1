package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Format;

/**
 * One audio message body as {@link FlvAudioReader} understood it: a sequence header (format,
 * no frame), a frame of a codec whose format comes from its sequence header (frame, no
 * format), or a frame that carries its own format in the tag flags (both: MP3, G711).
 *
 * @param codec  Strom's codec name: MPEG-4 Audio, MPEG-1/2 Audio, G711 or Opus
 * @param format the format, when this body defines it, else null
 * @param frame  one frame in Strom's layout, owned by the caller, who must release it; null for a sequence header
 */
record FlvAudio(String codec, Format format, ByteBuf frame) {

    boolean isSequenceHeader() {
        return frame == null;
    }
}
