package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;

/**
 * A VPCodecConfigurationRecord (VP Codec ISO Media File Format Binding, version 1, with the
 * version and flags of its {@code vpcC} box first, as ffmpeg writes it), what an Enhanced RTMP
 * {@code vp09} SequenceStart carries.
 *
 * <p>VP9 frames describe themselves, so the reader only checks the record's size, and the
 * writer fills in the profile from the frame header and leaves the rest unspecified: 8 bits
 * (10 for profiles 2 and 3), 4:2:0 (4:4:4 for profiles 1 and 3), colour unspecified, level 0
 * since it would need the stream's resolution and rate.
 */
final class VpcConfig {

    /** Version and flags, six fields, and the (empty) codec initialisation data size. */
    static final int SIZE = 12;

    private VpcConfig() {
    }

    /** Checks a record at the reader index (of at least the fields after version and flags). */
    static void check(ByteBuf in) throws FlvException {
        FlvTags.need(in, SIZE - 4, "VPCodecConfigurationRecord");
    }

    /** Writes a record for the VP9 frame at the reader index of {@code frame}. */
    static void write(ByteBuf out, ByteBuf frame) {
        int profile = 0;
        if (frame.isReadable()) {
            int b = frame.getUnsignedByte(frame.readerIndex());
            // frame_marker (2 bits), then profile_low_bit and profile_high_bit.
            profile = (b >> 5 & 1) | (b >> 3 & 2);
        }
        int bitDepth = profile >= 2 ? 10 : 8;
        int subsampling = (profile & 1) != 0 ? 3 : 1; // 4:4:4, or 4:2:0 colocated
        out.writeInt(1 << 24); // version 1, flags 0
        out.writeByte(profile);
        out.writeByte(0);
        out.writeByte(bitDepth << 4 | subsampling << 1);
        out.writeByte(2).writeByte(2).writeByte(2); // primaries, transfer, matrix: unspecified
        out.writeShort(0);
    }
}
