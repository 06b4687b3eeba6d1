package io.strom.codec;

/**
 * Writes big-endian linear PCM (L8, L16, L24 of RFC 3551 and RFC 3190) as RTP packets, splitting
 * a long buffer into budget-sized packets on sample-frame boundaries, each stamped with its
 * first sample.
 */
public final class LpcmPacketizer extends SamplePacketizer {

    /** The bit depth of L16, the only linear PCM encoding Strom maps to {@code LPCM} so far. */
    public static final int DEFAULT_BIT_DEPTH = 16;

    /**
     * @param bitDepth 8, 16 or 24
     * @param channels the format's channel count; 0 means mono
     */
    public LpcmPacketizer(Options options, int bitDepth, int channels) {
        super(options, bytesPerSample(bitDepth) * channels(channels));
    }

    private static int bytesPerSample(int bitDepth) {
        if (bitDepth != 8 && bitDepth != 16 && bitDepth != 24) {
            throw new IllegalArgumentException("bit depth " + bitDepth + " is not 8, 16 or 24");
        }
        return bitDepth / 8;
    }
}
