package io.strom.codec;

/**
 * Writes G711 (PCMU or PCMA, one byte per sample) as RTP packets, splitting a long buffer into
 * budget-sized packets on sample-frame boundaries, each stamped with its first sample.
 */
public final class G711Packetizer extends SamplePacketizer {

    /** @param channels the format's channel count; 0 means mono */
    public G711Packetizer(Options options, int channels) {
        super(options, channels(channels));
    }
}
