package io.strom.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Enhanced RTMP video message bodies (Veovera spec): SequenceStart, CodedFrames, CodedFramesX. */
final class EnhancedRtmpTags {

    /** Enhanced RTMP: IsExHeader bit, PacketTypes and frame types of the first video byte. */
    static final int EX_HEADER = 0x80;
    static final int PACKET_SEQUENCE_START = 0;
    static final int PACKET_CODED_FRAMES = 1;
    static final int PACKET_SEQUENCE_END = 2;
    static final int PACKET_CODED_FRAMES_X = 3;
    static final int FRAME_KEY = 1;
    static final int FRAME_INTER = 2;

    private EnhancedRtmpTags() {
    }

    /** An Enhanced RTMP SequenceStart for {@code fourCc} carrying {@code config} (hvcC for "hvc1"). */
    static byte[] sequenceStart(String fourCc, byte[] config) {
        return enhancedVideo(FRAME_KEY, PACKET_SEQUENCE_START, fourCc, new byte[0], config);
    }

    /** An Enhanced RTMP CodedFramesX (composition time 0) of length-prefixed {@code frame}. */
    static byte[] codedFramesX(String fourCc, boolean keyframe, byte[] frame) {
        return enhancedVideo(keyframe ? FRAME_KEY : FRAME_INTER, PACKET_CODED_FRAMES_X, fourCc, new byte[0], frame);
    }

    /** An Enhanced RTMP CodedFrames with a composition time offset in milliseconds. */
    static byte[] codedFrames(String fourCc, boolean keyframe, int compositionTimeMs, byte[] frame) {
        byte[] cts = {(byte) (compositionTimeMs >>> 16), (byte) (compositionTimeMs >>> 8), (byte) compositionTimeMs};
        return enhancedVideo(keyframe ? FRAME_KEY : FRAME_INTER, PACKET_CODED_FRAMES, fourCc, cts, frame);
    }

    private static byte[] enhancedVideo(int frameType, int packetType, String fourCc, byte[] extra, byte[] payload) {
        byte[] cc = fourCc.getBytes(StandardCharsets.US_ASCII);
        if (cc.length != 4) {
            throw new IllegalArgumentException("FourCC " + fourCc);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(1 + 4 + extra.length + payload.length);
        b.write(EX_HEADER | frameType << 4 | packetType);
        b.writeBytes(cc);
        b.writeBytes(extra);
        b.writeBytes(payload);
        return b.toByteArray();
    }
}
