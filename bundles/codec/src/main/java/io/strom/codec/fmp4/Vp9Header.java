package io.strom.codec.fmp4;

/**
 * What a {@code vpcC} box and the codec string need from the uncompressed header of a VP9
 * keyframe (VP9 bitstream specification 6.2): profile, bit depth, chroma subsampling, range
 * and picture size.
 */
record Vp9Header(int profile, int bitDepth, int chromaSubsampling, boolean fullRange, int width, int height) {

    /**
     * Parses the first frame of a keyframe access unit.
     *
     * @throws IllegalArgumentException when it is not a VP9 keyframe or is truncated
     */
    static Vp9Header parse(byte[] frame) {
        RbspReader r = new RbspReader(frame, 0, false);
        if (r.bits(2) != 2) {
            throw new IllegalArgumentException("not a VP9 frame (frame_marker)");
        }
        int low = r.bits(1);
        int profile = (r.bits(1) << 1) | low;
        if (profile == 3) {
            r.skip(1);
        }
        if (r.flag()) {
            throw new IllegalArgumentException("a VP9 show_existing_frame is not a keyframe");
        }
        if (r.bits(1) != 0) {
            throw new IllegalArgumentException("not a VP9 keyframe");
        }
        r.skip(2); // show_frame, error_resilient_mode
        if (r.bits(24) != 0x498342) {
            throw new IllegalArgumentException("bad VP9 frame_sync_code");
        }
        int bitDepth = profile >= 2 ? (r.flag() ? 12 : 10) : 8;
        int colorSpace = r.bits(3);
        boolean fullRange;
        int subsampling;
        if (colorSpace != 7) { // not RGB
            fullRange = r.flag();
            if (profile == 1 || profile == 3) {
                int x = r.bits(1);
                int y = r.bits(1);
                r.skip(1);
                subsampling = x == 1 && y == 1 ? 1 : x == 1 ? 2 : 3;
            } else {
                subsampling = 1; // 4:2:0
            }
        } else {
            fullRange = true;
            subsampling = 3;
            if (profile == 1 || profile == 3) {
                r.skip(1);
            }
        }
        int width = r.bits(16) + 1;
        int height = r.bits(16) + 1;
        return new Vp9Header(profile, bitDepth, subsampling, fullRange, width, height);
    }

    /** The lowest VP9 level (as 10 x level) whose picture size limit fits this picture. */
    int level() {
        long samples = (long) width * height;
        long[] limits = {36864, 73728, 122880, 245760, 552960, 983040, 2228224, 2228224, 8912896, 8912896, 8912896,
            35651584, 35651584, 35651584};
        int[] levels = {10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 52, 60, 61, 62};
        for (int i = 0; i < limits.length; i++) {
            if (samples <= limits[i]) {
                return levels[i];
            }
        }
        return 62;
    }
}
