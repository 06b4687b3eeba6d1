package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;

/**
 * An AV1CodecConfigurationRecord (AV1 in ISOBMFF, section 2.3.3), what an Enhanced RTMP
 * {@code av01} SequenceStart carries: four bytes summarising the sequence header, then the
 * configuration OBUs (the sequence header OBU).
 *
 * <p>Writing parses the sequence header OBU far enough to fill the summary (AV1 specification
 * 5.5); a header that does not parse gets a profile-0, 4:2:0, 8-bit summary, which decoders
 * override from the sequence header OBU anyway.
 */
final class Av1Config {

    private Av1Config() {
    }

    /** Checks the record at the reader index and returns its configuration OBUs (possibly none). */
    static byte[] configObus(ByteBuf in) throws FlvException {
        FlvTags.need(in, 4, "AV1CodecConfigurationRecord");
        int first = in.readUnsignedByte();
        if (first != 0x81) { // marker bit and version 1
            throw new FlvException(String.format("AV1CodecConfigurationRecord starts with 0x%02x, not 0x81", first));
        }
        in.skipBytes(3);
        return FlvTags.bytes(in, in.readableBytes(), "AV1 configuration OBUs");
    }

    /** Writes a record for a sequence header OBU in the low-overhead format. */
    static void write(ByteBuf out, byte[] sequenceHeaderObu) {
        int summary = 0x0C; // profile 0, level 0, 8-bit 4:2:0 (chroma_subsampling_x and _y)
        try {
            summary = summary(sequenceHeaderPayload(sequenceHeaderObu));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // keep the defaults
        }
        out.writeByte(0x81);
        out.writeShort(summary);
        out.writeByte(0); // no initial_presentation_delay
        out.writeBytes(sequenceHeaderObu);
    }

    private static Bits sequenceHeaderPayload(byte[] obu) {
        int pos = (obu[0] & 0x04) != 0 ? 2 : 1; // extension header
        if ((obu[0] & 0x02) != 0) { // size field: skip its LEB128 bytes
            while ((obu[pos++] & 0x80) != 0) {
                // skip
            }
        }
        return new Bits(java.util.Arrays.copyOfRange(obu, pos, obu.length));
    }

    /** Bytes 1 and 2 of the record from sequence_header_obu(); see the AV1 specification 5.5.1. */
    private static int summary(Bits b) {
        int profile = b.readInt(3);
        b.skip(1); // still_picture
        boolean reduced = b.flag();
        int level;
        int tier = 0;
        if (reduced) {
            level = b.readInt(5);
        } else {
            boolean decoderModelInfo = false;
            int bufferDelayLength = 0;
            if (b.flag()) { // timing_info_present_flag
                b.skip(64); // num_units_in_display_tick, time_scale
                if (b.flag()) { // equal_picture_interval
                    b.uvlc();
                }
                decoderModelInfo = b.flag();
                if (decoderModelInfo) {
                    bufferDelayLength = b.readInt(5) + 1;
                    b.skip(32 + 5 + 5);
                }
            }
            boolean initialDisplayDelay = b.flag();
            int operatingPoints = b.readInt(5) + 1;
            level = 0;
            for (int i = 0; i < operatingPoints; i++) {
                b.skip(12); // operating_point_idc
                int opLevel = b.readInt(5);
                int opTier = opLevel > 7 ? b.readInt(1) : 0;
                if (i == 0) {
                    level = opLevel;
                    tier = opTier;
                }
                if (decoderModelInfo && b.flag()) {
                    b.skip(2 * bufferDelayLength + 1);
                }
                if (initialDisplayDelay && b.flag()) {
                    b.skip(4);
                }
            }
        }
        int widthBits = b.readInt(4) + 1;
        int heightBits = b.readInt(4) + 1;
        b.skip(widthBits + heightBits);
        if (!reduced && b.flag()) { // frame_id_numbers_present_flag
            b.skip(7);
        }
        b.skip(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
        if (!reduced) {
            b.skip(4); // interintra, masked compound, warped motion, dual filter
            boolean orderHint = b.flag();
            if (orderHint) {
                b.skip(2); // jnt_comp, ref_frame_mvs
            }
            boolean forceScreenContent = b.flag() || b.flag(); // choose, else force
            if (forceScreenContent && !b.flag()) { // seq_choose_integer_mv
                b.skip(1);
            }
            if (orderHint) {
                b.skip(3);
            }
        }
        b.skip(3); // superres, cdef, restoration
        return (profile << 13 | level << 8 | tier << 7) | colorConfig(b, profile);
    }

    /** Byte 2 of the record but the tier bit: bit depth, monochrome, subsampling, chroma position. */
    private static int colorConfig(Bits b, int profile) {
        boolean high = b.flag();
        boolean twelve = profile == 2 && high && b.flag();
        boolean mono = profile != 1 && b.flag();
        int primaries = 2;
        int transfer = 2;
        int matrix = 2;
        if (b.flag()) { // color_description_present_flag
            primaries = b.readInt(8);
            transfer = b.readInt(8);
            matrix = b.readInt(8);
        }
        int subX;
        int subY;
        int position = 0;
        if (mono) {
            subX = 1;
            subY = 1;
        } else if (primaries == 1 && transfer == 13 && matrix == 0) { // sRGB: 4:4:4
            subX = 0;
            subY = 0;
        } else {
            b.skip(1); // color_range
            if (profile == 0) {
                subX = 1;
                subY = 1;
            } else if (profile == 1) {
                subX = 0;
                subY = 0;
            } else if (twelve) {
                subX = b.readInt(1);
                subY = subX == 1 ? b.readInt(1) : 0;
            } else {
                subX = 1;
                subY = 0;
            }
            if (subX == 1 && subY == 1) {
                position = b.readInt(2);
            }
        }
        return (high ? 0x40 : 0) | (twelve ? 0x20 : 0) | (mono ? 0x10 : 0) | subX << 3 | subY << 2 | position;
    }
}
