package io.strom.bench.whep;

/**
 * Receive state of one incoming SSRC, as an RTP receiver keeps it (RFC 3550 appendix A.1): the
 * extended highest sequence number (which is also the SRTP packet index, since the sender's
 * rollover counter starts at 0 with the session), a window of the last {@value #WINDOW} numbers
 * to count each packet once and to see which gaps a retransmission filled, and the numbers still
 * to be NACKed. No allocation per packet.
 */
final class RtpStream {
    static final int WINDOW = 2048;
    private static final int MAX_PENDING_NACKS = 64;

    final long ssrc;
    final boolean video;
    private final long[] seen = new long[WINDOW / 64];
    private boolean started;
    long firstExt;
    long maxExt;
    long unique;
    long duplicates;
    long tooLate;
    long recovered;
    /** Video frames: new RTP timestamps in sequence order, as a depacketizer groups them. */
    long frames;
    /** Video packets with the marker bit (the end of an access unit, RFC 6184 5.1). */
    long markers;
    private int lastTimestamp;
    long bytes;
    /** At the last receiver report, for its fraction lost. */
    private long expectedPrior;
    private long receivedPrior;
    final int[] pendingNacks = new int[MAX_PENDING_NACKS];
    int pendingNackCount;
    long nacked;

    RtpStream(long ssrc, boolean video) {
        this.ssrc = ssrc;
        this.video = video;
    }

    /**
     * Counts a packet.
     *
     * @return its extended sequence number (the SRTP index), or -1 for a duplicate or a packet
     *         older than the window
     */
    long onPacket(int seq, int timestamp, boolean marker, int length) {
        bytes += length;
        if (!started) {
            started = true;
            firstExt = seq;
            maxExt = seq;
            mark(seq);
            unique++;
            countFrame(timestamp, marker, true);
            return seq;
        }
        long ext = maxExt + (short) (seq - (int) (maxExt & 0xFFFF));
        if (ext > maxExt) {
            for (long missing = Math.max(maxExt + 1, ext - WINDOW + 1); missing < ext; missing++) {
                clear(missing);
            }
            for (long missing = maxExt + 1; missing < ext && pendingNackCount < MAX_PENDING_NACKS; missing++) {
                pendingNacks[pendingNackCount++] = (int) (missing & 0xFFFF);
            }
            maxExt = ext;
            mark(ext);
            unique++;
            countFrame(timestamp, marker, false);
            return ext;
        }
        if (ext < firstExt || maxExt - ext >= WINDOW) {
            tooLate++;
            return -1;
        }
        if (isMarked(ext)) {
            duplicates++;
            return -1;
        }
        mark(ext);
        unique++;
        recovered++;
        if (video && marker) {
            markers++;
        }
        return ext;
    }

    private void countFrame(int timestamp, boolean marker, boolean first) {
        if (!video) {
            return;
        }
        if (first || timestamp != lastTimestamp) {
            frames++;
            lastTimestamp = timestamp;
        }
        if (marker) {
            markers++;
        }
    }

    long expected() {
        return started ? maxExt - firstExt + 1 : 0;
    }

    long lost() {
        return Math.max(0, expected() - unique);
    }

    boolean started() {
        return started;
    }

    /**
     * Writes a 24-byte RFC 3550 report block and moves the fraction-lost interval on. Jitter and
     * LSR/DLSR are 0: the sender reports are not decrypted.
     */
    void reportBlock(byte[] out, int pos) {
        long expected = expected();
        long interval = expected - expectedPrior;
        long receivedInterval = unique - receivedPrior;
        expectedPrior = expected;
        receivedPrior = unique;
        long lostInterval = interval - receivedInterval;
        int fraction = interval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / interval);
        long cumulative = Math.min(lost(), 0x7FFFFF);
        SrtpCrypto.writeInt(out, pos, ssrc);
        SrtpCrypto.writeInt(out, pos + 4, ((long) Math.min(fraction, 255) << 24) | cumulative);
        SrtpCrypto.writeInt(out, pos + 8, maxExt);
        SrtpCrypto.writeInt(out, pos + 12, 0);
        SrtpCrypto.writeInt(out, pos + 16, 0);
        SrtpCrypto.writeInt(out, pos + 20, 0);
    }

    private void mark(long ext) {
        int bit = (int) (ext & (WINDOW - 1));
        seen[bit >>> 6] |= 1L << (bit & 63);
    }

    private void clear(long ext) {
        int bit = (int) (ext & (WINDOW - 1));
        seen[bit >>> 6] &= ~(1L << (bit & 63));
    }

    private boolean isMarked(long ext) {
        int bit = (int) (ext & (WINDOW - 1));
        return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
    }
}
