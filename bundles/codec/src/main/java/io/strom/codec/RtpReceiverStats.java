package io.strom.codec;

/**
 * Reception statistics of one incoming RTP stream, as an RTCP receiver report block needs them
 * (RFC 3550 §6.4.1 and Appendix A.1, A.3, A.8): extended highest sequence number, cumulative and
 * interval loss, interarrival jitter, and the last sender report's time.
 *
 * <p>One instance per incoming track, updated by the thread that receives its packets; the
 * report is written on that thread too. Allocation-free.
 */
public final class RtpReceiverStats {

    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;

    private final int clockRate;
    private boolean started;
    private long ssrc;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;
    private long lastTransit;
    private boolean haveTransit;
    private long lastSrNtpMiddle;
    private long lastSrArrivalNanos;

    /** @param clockRate the stream's RTP clock rate, for jitter in timestamp units */
    public RtpReceiverStats(int clockRate) {
        this.clockRate = clockRate;
    }

    /**
     * Records one received packet.
     *
     * @param sequence    its sequence number
     * @param timestamp   its RTP timestamp
     * @param ssrc        its SSRC
     * @param arrivalNanos when it arrived ({@link System#nanoTime()} scale)
     */
    public void onPacket(int sequence, long timestamp, long ssrc, long arrivalNanos) {
        if (!started || ssrc != this.ssrc) {
            started = true;
            this.ssrc = ssrc;
            restartAt(sequence);
            haveTransit = false;
            jitter = 0;
        }
        int delta = (sequence - maxSeq) & 0xFFFF;
        if (delta < MAX_DROPOUT) {
            if (sequence < maxSeq) {
                cycles += 1 << 16;
            }
            maxSeq = sequence;
        } else if (delta <= 0x10000 - MAX_MISORDER) {
            restartAt(sequence); // a very large jump: the source restarted
        }
        received++;
        long arrival = arrivalNanos * clockRate / 1_000_000_000L;
        long transit = arrival - timestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    private void restartAt(int sequence) {
        maxSeq = sequence;
        baseSeq = sequence;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
    }

    /** Records a sender report from the source: its NTP timestamp's middle 32 bits. */
    public void onSenderReport(long ntpMiddle, long arrivalNanos) {
        lastSrNtpMiddle = ntpMiddle;
        lastSrArrivalNanos = arrivalNanos;
    }

    /** Whether a packet has been seen (a report block needs an SSRC). */
    public boolean started() {
        return started;
    }

    public long ssrc() {
        return ssrc;
    }

    /** The extended highest sequence number received. */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Packets lost since the start (expected minus received; may be negative with duplicates). */
    public long cumulativeLost() {
        return extendedHighestSequence() - baseSeq + 1 - received;
    }

    public long received() {
        return received;
    }

    /** Interarrival jitter in timestamp units. */
    public long jitter() {
        return (long) jitter;
    }

    /**
     * Writes this stream's 24-byte report block and starts a new loss interval.
     *
     * @param nowNanos the time of the report, for the delay since the last sender report
     */
    public void writeReportBlock(io.netty.buffer.ByteBuf out, long nowNanos) {
        long expected = extendedHighestSequence() - baseSeq + 1;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = Math.max(-0x800000L, Math.min(0x7FFFFFL, cumulativeLost()));
        out.writeInt((int) ssrc);
        out.writeByte(Math.min(fraction, 255));
        out.writeMedium((int) (lost & 0xFFFFFF));
        out.writeInt((int) extendedHighestSequence());
        out.writeInt((int) jitter());
        out.writeInt((int) lastSrNtpMiddle);
        long dlsr = lastSrArrivalNanos == 0 ? 0 : (nowNanos - lastSrArrivalNanos) * 65536 / 1_000_000_000L;
        out.writeInt((int) dlsr);
    }
}
