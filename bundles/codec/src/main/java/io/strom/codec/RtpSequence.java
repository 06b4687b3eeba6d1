package io.strom.codec;

/**
 * Follows the sequence numbers of one RTP stream to tell a depacketizer when a packet was lost
 * in between, so it drops the access unit it was assembling instead of emitting a broken one.
 */
public final class RtpSequence {

    private int last = -1;

    /**
     * Records {@code sequence} and answers whether it directly follows the previous packet (the
     * first packet always does).
     */
    public boolean follows(int sequence) {
        boolean continuous = last < 0 || sequence == ((last + 1) & 0xFFFF);
        last = sequence & 0xFFFF;
        return continuous;
    }
}
