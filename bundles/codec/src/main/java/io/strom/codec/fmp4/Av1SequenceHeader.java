package io.strom.codec.fmp4;

import io.netty.buffer.ByteBuf;

/**
 * What an {@code av1C} box and the codec string need from an AV1 sequence header OBU (AV1
 * specification 5.5): profile, level and tier of operating point 0, the colour configuration
 * and the largest picture size.
 *
 * @param obu the whole sequence header OBU (header, size field and payload), for {@code av1C}'s configOBUs
 */
record Av1SequenceHeader(byte[] obu, int profile, int level, int tier, int bitDepth, boolean monochrome,
        int subsamplingX, int subsamplingY, int chromaSamplePosition, int width, int height) {

    private static final int OBU_SEQUENCE_HEADER = 1;

    /**
     * Finds and parses the sequence header OBU of a temporal unit (OBUs with size fields).
     *
     * @throws IllegalArgumentException when there is none or it is malformed
     */
    static Av1SequenceHeader find(ByteBuf tu) {
        int pos = tu.readerIndex();
        int end = tu.writerIndex();
        while (pos < end) {
            int header = tu.getUnsignedByte(pos);
            int type = (header >> 3) & 0x0F;
            boolean extension = (header & 0x04) != 0;
            if ((header & 0x02) == 0) {
                throw new IllegalArgumentException("AV1 OBU without a size field");
            }
            int at = pos + 1 + (extension ? 1 : 0);
            long size = 0;
            int shift = 0;
            int b;
            do {
                if (at >= end || shift > 49) {
                    throw new IllegalArgumentException("truncated AV1 OBU size");
                }
                b = tu.getUnsignedByte(at++);
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (size > end - at) {
                throw new IllegalArgumentException("AV1 OBU runs past the temporal unit");
            }
            if (type == OBU_SEQUENCE_HEADER) {
                byte[] obu = new byte[at + (int) size - pos];
                tu.getBytes(pos, obu);
                return parse(obu, at - pos);
            }
            pos = at + (int) size;
        }
        throw new IllegalArgumentException("no AV1 sequence header yet");
    }

    private static Av1SequenceHeader parse(byte[] obu, int payload) {
        RbspReader r = new RbspReader(obu, payload, false);
        int profile = r.bits(3);
        r.skip(1); // still_picture
        boolean reduced = r.flag();
        int level;
        int tier = 0;
        if (reduced) {
            level = r.bits(5);
        } else {
            boolean decoderModel = false;
            int bufferDelayLength = 0;
            if (r.flag()) { // timing_info_present_flag
                r.skip(64); // num_units_in_display_tick, time_scale
                if (r.flag()) { // equal_picture_interval
                    int zeros = 0;
                    while (r.bits(1) == 0) {
                        if (++zeros >= 32) {
                            throw new IllegalArgumentException("bad AV1 uvlc");
                        }
                    }
                    r.skip(zeros);
                }
                decoderModel = r.flag();
                if (decoderModel) {
                    bufferDelayLength = r.bits(5) + 1;
                    r.skip(32 + 5 + 5);
                }
            }
            boolean initialDisplayDelay = r.flag();
            int points = r.bits(5) + 1;
            level = -1;
            for (int i = 0; i < points; i++) {
                r.skip(12); // operating_point_idc
                int l = r.bits(5);
                int t = l > 7 ? r.bits(1) : 0;
                if (i == 0) {
                    level = l;
                    tier = t;
                }
                if (decoderModel && r.flag()) {
                    r.skip(2 * bufferDelayLength + 1);
                }
                if (initialDisplayDelay && r.flag()) {
                    r.skip(4);
                }
            }
        }
        int widthBits = r.bits(4) + 1;
        int heightBits = r.bits(4) + 1;
        int width = r.bits(widthBits) + 1;
        int height = r.bits(heightBits) + 1;
        if (!reduced && r.flag()) { // frame_id_numbers_present_flag
            r.skip(7);
        }
        r.skip(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
        if (!reduced) {
            r.skip(4); // interintra, masked compound, warped motion, dual filter
            boolean orderHint = r.flag();
            if (orderHint) {
                r.skip(2); // jnt_comp, ref_frame_mvs
            }
            int forceScreenContent = r.flag() ? 2 : r.bits(1);
            if (forceScreenContent > 0 && !r.flag()) { // seq_choose_integer_mv
                r.skip(1);
            }
            if (orderHint) {
                r.skip(3);
            }
        }
        r.skip(3); // superres, cdef, restoration
        boolean high = r.flag();
        int bitDepth = profile == 2 && high ? (r.flag() ? 12 : 10) : high ? 10 : 8;
        boolean mono = profile != 1 && r.flag();
        int primaries = 2;
        int transfer = 2;
        int matrix = 2;
        if (r.flag()) { // color_description_present_flag
            primaries = r.bits(8);
            transfer = r.bits(8);
            matrix = r.bits(8);
        }
        int ssx = 1;
        int ssy = 1;
        int position = 0;
        if (mono) {
            r.skip(1);
        } else if (primaries == 1 && transfer == 13 && matrix == 0) {
            ssx = 0;
            ssy = 0;
        } else {
            r.skip(1); // color_range
            if (profile == 1) {
                ssx = 0;
                ssy = 0;
            } else if (profile == 2) {
                if (bitDepth == 12) {
                    ssx = r.bits(1);
                    ssy = ssx == 1 ? r.bits(1) : 0;
                } else {
                    ssy = 0;
                }
            }
            if (ssx == 1 && ssy == 1) {
                position = r.bits(2);
            }
        }
        return new Av1SequenceHeader(obu, profile, level, tier, bitDepth, mono, ssx, ssy, position, width, height);
    }
}
