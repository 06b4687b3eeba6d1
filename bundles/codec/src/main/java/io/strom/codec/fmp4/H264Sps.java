package io.strom.codec.fmp4;

/**
 * The picture size an H264 sequence parameter set (ITU-T H.264 7.3.2.1.1) declares, after
 * cropping: what the sample entry and the HLS {@code RESOLUTION} attribute report.
 *
 * @param width  luma width in pixels
 * @param height luma height in pixels
 */
record H264Sps(int width, int height) {

    private static final java.util.Set<Integer> HIGH_PROFILES = java.util.Set.of(
            100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

    /**
     * Parses an SPS NAL unit, header byte included.
     *
     * @throws IllegalArgumentException when it is truncated or malformed
     */
    static H264Sps parse(byte[] sps) {
        RbspReader r = new RbspReader(sps, 1);
        int profile = r.bits(8);
        r.skip(16); // constraint flags, level_idc
        r.ue(); // seq_parameter_set_id
        int chroma = 1;
        boolean separatePlanes = false;
        if (HIGH_PROFILES.contains(profile)) {
            chroma = r.ue();
            if (chroma == 3) {
                separatePlanes = r.flag();
            }
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.flag(); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.flag();
            r.se();
            r.se();
            int cycle = r.ue();
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.flag(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.flag(); // mb_adaptive_frame_field_flag
        }
        r.flag(); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
        if (r.flag()) { // frame_cropping_flag
            int arrayType = separatePlanes ? 0 : chroma;
            int cropX = arrayType == 0 ? 1 : (arrayType == 3 ? 1 : 2);
            int cropY = (arrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
            width -= cropX * (r.ue() + r.ue());
            height -= cropY * (r.ue() + r.ue());
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("SPS gives a picture of " + width + "x" + height);
        }
        return new H264Sps(width, height);
    }

    private static void skipScalingList(RbspReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }
}
