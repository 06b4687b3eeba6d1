package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1), what an Enhanced RTMP
 * {@code hvc1} SequenceStart carries: the VPS, SPS and PPS arrays and the NAL length size.
 *
 * <p>Arrays of other NAL unit types (SEI) are skipped on reading. On writing, the profile, tier,
 * level, chroma format and bit depths come from the SPS; when the SPS cannot be parsed the
 * record says Main profile, 4:2:0, 8 bits, which decoders override from the SPS anyway.
 *
 * @param vps        video parameter sets, at least one
 * @param sps        sequence parameter sets, at least one
 * @param pps        picture parameter sets, at least one
 * @param lengthSize bytes of each NAL unit length in the frames, 1 to 4
 */
record HevcConfig(List<byte[]> vps, List<byte[]> sps, List<byte[]> pps, int lengthSize) {

    static final int NAL_VPS = 32;
    static final int NAL_SPS = 33;
    static final int NAL_PPS = 34;

    private static final int FIXED_SIZE = 23;

    /** Reads a record from the reader index to the end. */
    static HevcConfig parse(ByteBuf in) throws FlvException {
        FlvTags.need(in, FIXED_SIZE, "HEVCDecoderConfigurationRecord");
        in.skipBytes(21); // version, profile/tier/level, formats, frame rate: the SPS has them
        int lengthSize = (in.readUnsignedByte() & 0x03) + 1;
        int arrays = in.readUnsignedByte();
        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (int i = 0; i < arrays; i++) {
            FlvTags.need(in, 3, "HEVCDecoderConfigurationRecord array");
            int type = in.readUnsignedByte() & 0x3F;
            List<byte[]> sets = AvcConfig.readSets(in, in.readUnsignedShort(), "NAL unit of type " + type);
            switch (type) {
                case NAL_VPS -> vps.addAll(sets);
                case NAL_SPS -> sps.addAll(sets);
                case NAL_PPS -> pps.addAll(sets);
                default -> { } // SEI and others: not needed to decode
            }
        }
        if (vps.isEmpty() || sps.isEmpty() || pps.isEmpty()) {
            throw new FlvException("HEVCDecoderConfigurationRecord has " + vps.size() + " VPS, " + sps.size()
                    + " SPS and " + pps.size() + " PPS");
        }
        return new HevcConfig(vps, sps, pps, lengthSize);
    }

    /** Writes a record with 4-byte NAL unit lengths for one VPS, SPS and PPS. */
    static void write(ByteBuf out, byte[] vps, byte[] sps, byte[] pps) {
        // general_profile_space/tier/profile_idc, 32 compatibility flags, 48 constraint flags, level.
        byte[] ptl = {1, 0x60, 0, 0, 0, (byte) 0x90, 0, 0, 0, 0, 0, 93};
        int chroma = 1;
        int lumaDepth = 0;
        int chromaDepth = 0;
        int subLayers = 1;
        boolean nested = false;
        try {
            Bits b = Bits.rbsp(sps, 2);
            b.skip(4); // sps_video_parameter_set_id
            int maxSubLayersMinus1 = b.readInt(3);
            nested = b.flag();
            byte[] general = new byte[12];
            for (int i = 0; i < general.length; i++) {
                general[i] = (byte) b.read(8);
            }
            boolean[] profilePresent = new boolean[maxSubLayersMinus1];
            boolean[] levelPresent = new boolean[maxSubLayersMinus1];
            for (int i = 0; i < maxSubLayersMinus1; i++) {
                profilePresent[i] = b.flag();
                levelPresent[i] = b.flag();
            }
            if (maxSubLayersMinus1 > 0) {
                b.skip(2 * (8 - maxSubLayersMinus1));
            }
            for (int i = 0; i < maxSubLayersMinus1; i++) {
                b.skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
            }
            b.ue(); // sps_seq_parameter_set_id
            int chromaFormat = b.ue();
            if (chromaFormat == 3) {
                b.skip(1); // separate_colour_plane_flag
            }
            b.ue(); // pic_width_in_luma_samples
            b.ue(); // pic_height_in_luma_samples
            if (b.flag()) { // conformance_window_flag
                b.ue();
                b.ue();
                b.ue();
                b.ue();
            }
            int luma = b.ue();
            int chromaBits = b.ue();
            // Assigned only once everything parsed, so a truncated SPS leaves every default.
            ptl = general;
            chroma = chromaFormat & 3;
            lumaDepth = luma & 7;
            chromaDepth = chromaBits & 7;
            subLayers = maxSubLayersMinus1 + 1;
        } catch (IllegalArgumentException e) {
            // keep the defaults: the parameter set arrays are what decoders need
        }
        out.writeByte(1);
        out.writeBytes(ptl);
        out.writeShort(0xF000); // min_spatial_segmentation_idc unknown
        out.writeByte(0xFC); // parallelismType unknown
        out.writeByte(0xFC | chroma);
        out.writeByte(0xF8 | lumaDepth);
        out.writeByte(0xF8 | chromaDepth);
        out.writeShort(0); // avgFrameRate unknown
        out.writeByte(subLayers << 3 | (nested ? 0x04 : 0) | 3);
        out.writeByte(3);
        writeArray(out, NAL_VPS, vps);
        writeArray(out, NAL_SPS, sps);
        writeArray(out, NAL_PPS, pps);
    }

    private static void writeArray(ByteBuf out, int type, byte[] set) {
        out.writeByte(0x80 | type); // array_completeness: every set is here, none in band needed
        out.writeShort(1);
        out.writeShort(set.length).writeBytes(set);
    }
}
