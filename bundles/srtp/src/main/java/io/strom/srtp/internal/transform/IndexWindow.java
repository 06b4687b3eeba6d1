package io.strom.srtp.internal.transform;

/**
 * The highest authenticated packet index of one stream and which of the {@value #SIZE} before it
 * arrived: the replay list of RFC 3711 section 3.3.2. For SRTP it also yields the rollover counter
 * and the highest sequence number ({@code s_l}) of the section 3.3.1 index estimation, since both
 * are the top and bottom of the highest index.
 *
 * <p>The bitmap is a ring indexed by {@code index mod SIZE}; advancing clears the slots passed
 * over, so nothing is shifted or allocated. {@value #SIZE} packets is about 0.3 s of a 20 Mbit/s
 * video stream, far more reordering than a network path produces; older packets are rejected.
 */
final class IndexWindow {

    static final int SIZE = 512;

    static final int FRESH = 0;
    static final int REPLAYED = 1;
    static final int TOO_OLD = 2;

    private final long[] seen = new long[SIZE / 64];
    private long top = -1;

    /**
     * The RFC 3711 section 3.3.1 estimate of the 48-bit index of an SRTP packet from its sequence
     * number; -1 when it would need a rollover counter below 0 or above 2^32 - 1.
     */
    long estimate(int seq) {
        if (top < 0) {
            return seq;
        }
        long roc = top >>> 16;
        int highestSeq = (int) (top & 0xffff);
        long v;
        if (highestSeq < 32768) {
            v = seq - highestSeq > 32768 ? roc - 1 : roc;
        } else {
            v = highestSeq - 32768 > seq ? roc + 1 : roc;
        }
        if (v < 0 || v > 0xffffffffL) {
            return -1;
        }
        return v << 16 | seq;
    }

    /** {@link #FRESH}, {@link #REPLAYED} or {@link #TOO_OLD}; changes nothing. */
    int check(long index) {
        if (index > top) {
            return FRESH;
        }
        if (top - index >= SIZE) {
            return TOO_OLD;
        }
        return isSeen(index) ? REPLAYED : FRESH;
    }

    /** Records an authenticated index, moving the window when it is the newest. */
    void accept(long index) {
        if (index > top) {
            if (top < 0 || index - top >= SIZE) {
                java.util.Arrays.fill(seen, 0L);
            } else {
                for (long i = top + 1; i < index; i++) {
                    seen[slot(i)] &= ~bit(i);
                }
            }
            top = index;
        }
        seen[slot(index)] |= bit(index);
    }

    long top() {
        return top;
    }

    private boolean isSeen(long index) {
        return (seen[slot(index)] & bit(index)) != 0;
    }

    private static int slot(long index) {
        return (int) ((index & (SIZE - 1)) >>> 6);
    }

    private static long bit(long index) {
        return 1L << (index & 63);
    }
}
