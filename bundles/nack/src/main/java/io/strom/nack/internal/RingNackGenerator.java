package io.strom.nack.internal;

import io.strom.api.nack.NackGenerator;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Finds the gaps in one incoming stream's sequence numbers and hands them out to be NACKed.
 *
 * <p>Sequence numbers are extended past 16 bits as RFC 3550 does (a step is the signed 16-bit
 * difference to the highest number seen), so 65535 → 0 is one step ahead. A window of the
 * {@code size} numbers up to the highest is a primitive ring of remaining asks per number, so
 * steady-state work allocates nothing. Limits and what exceeding them does:
 * <ul>
 * <li>a number more than {@code size} behind the highest is forgotten, and a packet that old is
 *     ignored as too old;</li>
 * <li>more than {@code maxMissing} gaps: the oldest are dropped, the sender has likely
 *     overwritten them anyway;</li>
 * <li>each missing number is handed out at most {@code nackRetries} times, once per
 *     {@link #missing} call, then given up;</li>
 * <li>a jump of more than {@value #MAX_DROPOUT} ahead is a publisher restart, not a loss of
 *     thousands of packets: the generator starts over at the new number. A number far behind is
 *     taken as a restart only when the next packet follows it (RFC 3550, A.1), so one stray old
 *     packet cannot reset the stream.</li>
 * </ul>
 * Not thread-safe: use it from the session's event loop.
 */
final class RingNackGenerator implements NackGenerator {

    /** RFC 3550's MAX_DROPOUT: a larger step ahead is a new sequence, not a loss. */
    static final int MAX_DROPOUT = 3000;
    private static final int NO_SEQUENCE = -1;

    /** Asks left per extended number in the window; 0 = received, given up or never missing. */
    private final int[] asksLeft;
    private final int mask;
    private final int nackRetries;
    private final int maxMissing;

    private boolean started;
    private long highest;
    /** No missing number is below this; it only moves up, so dropping the oldest is amortised O(1). */
    private long lowest;
    private int missingCount;
    /** The number that, arriving next, confirms a backward restart (RFC 3550's bad_seq). */
    private int restartCandidate = NO_SEQUENCE;

    private long notAwaited;
    private long tooOld;
    private long restarts;
    private long forgotten;
    private long givenUp;
    private long rejected;

    RingNackGenerator(NackSettings settings) {
        asksLeft = new int[settings.size()];
        mask = settings.size() - 1;
        nackRetries = settings.nackRetries();
        maxMissing = settings.maxMissing();
    }

    @Override
    public void received(int sequenceNumber) {
        if ((sequenceNumber & ~0xFFFF) != 0) {
            rejected++;
            return;
        }
        if (!started) {
            started = true;
            restartAt(sequenceNumber);
            return;
        }
        int step = (short) (sequenceNumber - (int) (highest & 0xFFFF));
        long extended = highest + step;
        if (step > MAX_DROPOUT) {
            restarts++;
            restartAt(extended);
        } else if (step > 0) {
            restartCandidate = NO_SEQUENCE;
            advanceTo(extended);
        } else if (step == 0) {
            notAwaited++;
        } else if (extended > highest - asksLeft.length) {
            arrivedLate(extended);
        } else if (sequenceNumber == restartCandidate) {
            restarts++;
            restartAt(extended);
        } else {
            tooOld++;
            restartCandidate = (sequenceNumber + 1) & 0xFFFF;
        }
    }

    @Override
    public void missing(IntConsumer sink) {
        int toVisit = missingCount;
        for (long n = lowest; toVisit > 0 && n < highest; n++) {
            int slot = (int) n & mask;
            int asks = asksLeft[slot];
            if (asks == 0) {
                if (n == lowest) {
                    lowest++;
                }
                continue;
            }
            toVisit--;
            asksLeft[slot] = asks - 1;
            if (asks == 1) {
                missingCount--;
                givenUp++;
            }
            sink.accept((int) n & 0xFFFF);
        }
    }

    private void restartAt(long extended) {
        Arrays.fill(asksLeft, 0);
        missingCount = 0;
        highest = extended;
        lowest = extended;
        restartCandidate = NO_SEQUENCE;
    }

    /** Clears the slots of (highest, extended], which held numbers now out of the window, and marks the gap. */
    private void advanceTo(long extended) {
        long from = Math.max(highest + 1, extended - asksLeft.length + 1);
        if (from > highest + 1) {
            // Every number of the old window is out of the new one.
            Arrays.fill(asksLeft, 0);
            forgotten += missingCount;
            missingCount = 0;
        }
        long firstTracked = Math.max(from, extended - maxMissing);
        forgotten += firstTracked - (highest + 1);
        for (long n = from; n <= extended; n++) {
            int slot = (int) n & mask;
            if (asksLeft[slot] != 0) {
                // It held a number now more than size behind.
                missingCount--;
                forgotten++;
            }
            boolean missing = n >= firstTracked && n < extended;
            asksLeft[slot] = missing ? nackRetries : 0;
            if (missing) {
                missingCount++;
            }
        }
        highest = extended;
        lowest = Math.max(lowest, extended - asksLeft.length + 1);
        while (missingCount > maxMissing) {
            dropOldest();
        }
    }

    private void dropOldest() {
        while (asksLeft[(int) lowest & mask] == 0) {
            lowest++;
        }
        asksLeft[(int) lowest & mask] = 0;
        lowest++;
        missingCount--;
        forgotten++;
    }

    private void arrivedLate(long extended) {
        int slot = (int) extended & mask;
        if (extended < lowest || asksLeft[slot] == 0) {
            notAwaited++;
            return;
        }
        asksLeft[slot] = 0;
        missingCount--;
    }

    /** Numbers currently waiting to be NACKed. */
    int missingCount() {
        return missingCount;
    }

    /** Packets not waited for: duplicates, or late numbers already given up or forgotten. */
    long notAwaited() {
        return notAwaited;
    }

    long tooOld() {
        return tooOld;
    }

    long restarts() {
        return restarts;
    }

    /** Missing numbers dropped before their last ask: beyond {@code maxMissing}, or more than {@code size} behind. */
    long forgotten() {
        return forgotten;
    }

    /** Numbers asked for {@code nackRetries} times without arriving. */
    long givenUp() {
        return givenUp;
    }

    /** Numbers outside 0..65535. */
    long rejected() {
        return rejected;
    }
}
