package io.strom.codec.fmp4;

/**
 * What an {@code hvcC} box and the RFC 6381 codec string need from an H265 sequence parameter
 * set (ITU-T H.265 7.3.2.2): the general profile, tier and level fields and the picture size.
 *
 * @param profileTierLevel the 12 bytes from general_profile_space to general_level_idc
 * @param chromaFormat     chroma_format_idc
 * @param width            luma width in pixels, after the conformance window
 * @param height           luma height in pixels, after the conformance window
 */
record H265Sps(byte[] profileTierLevel, int chromaFormat, int width, int height) {

    /**
     * Parses an SPS NAL unit, its 2-byte header included.
     *
     * @throws IllegalArgumentException when it is truncated or malformed
     */
    static H265Sps parse(byte[] sps) {
        RbspReader r = new RbspReader(sps, 2);
        r.skip(4); // sps_video_parameter_set_id
        int subLayers = r.bits(3);
        r.skip(1); // sps_temporal_id_nesting_flag
        byte[] ptl = new byte[12];
        for (int i = 0; i < 12; i++) {
            ptl[i] = (byte) r.bits(8);
        }
        boolean[] profilePresent = new boolean[subLayers];
        boolean[] levelPresent = new boolean[subLayers];
        for (int i = 0; i < subLayers; i++) {
            profilePresent[i] = r.flag();
            levelPresent[i] = r.flag();
        }
        if (subLayers > 0) {
            r.skip(2 * (8 - subLayers));
        }
        for (int i = 0; i < subLayers; i++) {
            r.skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }
        r.ue(); // sps_seq_parameter_set_id
        int chroma = r.ue();
        if (chroma == 3) {
            r.flag(); // separate_colour_plane_flag
        }
        int width = r.ue();
        int height = r.ue();
        if (r.flag()) { // conformance_window_flag
            int subWidth = chroma == 1 || chroma == 2 ? 2 : 1;
            int subHeight = chroma == 1 ? 2 : 1;
            width -= subWidth * (r.ue() + r.ue());
            height -= subHeight * (r.ue() + r.ue());
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("SPS gives a picture of " + width + "x" + height);
        }
        return new H265Sps(ptl, chroma, width, height);
    }
}
