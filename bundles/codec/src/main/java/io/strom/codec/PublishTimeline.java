package io.strom.codec;

/**
 * The time line an RTP publisher's access units share across tracks (RTSP, WHIP), for remuxing
 * readers (RTMP, HLS) that need audio and video in sync.
 *
 * <p>RTP timestamps of different tracks start at unrelated random values; the publisher's RTCP
 * sender reports tie each track's RTP clock to one wall clock (NTP), which is what RFC 3550 made
 * them for. A track's access units are placed by its first sender report; until that report
 * arrives (ffmpeg sends one with its first packets, cameras within seconds) they are held back,
 * for at most {@value #WAIT_FOR_REPORT_SECONDS} s. A source that sends none is placed by
 * arrival time instead: the track starts where its first access unit arrives, then follows its
 * RTP clock. Arrival is the weaker rule: a sender's interleaving skew between tracks at that
 * moment stays in the result. Used by the publisher's input thread only.
 */
public final class PublishTimeline {

    public static final int WAIT_FOR_REPORT_SECONDS = 5;
    /** What {@link #pts} answers while a track waits for its first sender report. */
    public static final long WAIT = Long.MIN_VALUE;

    private final int[] clockRates;
    private final long startNanos;
    private final long[] reportNtp;
    private final long[] reportRtp;
    private final boolean[] reported;
    private final boolean[] reportAnchored;
    private final long[] reportRtpUnwrapped;
    private long baseNtp;
    private boolean based;
    private final boolean[] arrivalTimed;
    private final long[] arrivalFirstTs;
    private final long[] arrivalOffset;

    public PublishTimeline(int[] clockRates, long startNanos) {
        int n = clockRates.length;
        this.clockRates = clockRates;
        this.startNanos = startNanos;
        reportNtp = new long[n];
        reportRtp = new long[n];
        reported = new boolean[n];
        reportAnchored = new boolean[n];
        reportRtpUnwrapped = new long[n];
        arrivalTimed = new boolean[n];
        arrivalFirstTs = new long[n];
        arrivalOffset = new long[n];
    }

    /** A sender report of {@code track}: its NTP time and the RTP timestamp it maps to. Only the first counts. */
    public void onSenderReport(int track, long ntp, long rtpTimestamp) {
        if (reported[track] || arrivalTimed[track]) {
            return; // keep one mapping per track: a later one would make its time line jump
        }
        reported[track] = true;
        reportNtp[track] = ntp;
        reportRtp[track] = rtpTimestamp & 0xFFFFFFFFL;
        if (!based) {
            // Fixed at the first report, so no track's time line ever moves; a track reported as
            // earlier than that gets negative times, which readers place before their start.
            based = true;
            baseNtp = ntp;
        }
    }

    /**
     * The presentation time of an access unit of {@code track} with the unwrapped RTP timestamp
     * {@code ts}, in the track's clock rate, or {@link #WAIT} while its sender report is awaited.
     */
    public long pts(int track, long ts, long nowNanos) {
        if (reported[track]) {
            if (!reportAnchored[track]) {
                // The report's 32-bit timestamp, unwrapped next to this access unit's.
                reportRtpUnwrapped[track] = ts + (int) (reportRtp[track] - (ts & 0xFFFFFFFFL));
                reportAnchored[track] = true;
            }
            return ntpToClock(reportNtp[track] - baseNtp, clockRates[track]) + ts - reportRtpUnwrapped[track];
        }
        if (!arrivalTimed[track] && nowNanos - startNanos < WAIT_FOR_REPORT_SECONDS * 1_000_000_000L) {
            return WAIT;
        }
        if (!arrivalTimed[track]) {
            arrivalTimed[track] = true;
            arrivalFirstTs[track] = ts;
            arrivalOffset[track] = (nowNanos - startNanos) * clockRates[track] / 1_000_000_000L;
        }
        return arrivalOffset[track] + ts - arrivalFirstTs[track];
    }

    /** An NTP duration (32.32 fixed point) in ticks of {@code clockRate}, without overflow for days. */
    public static long ntpToClock(long ntpDuration, int clockRate) {
        long seconds = ntpDuration >> 32;
        long fraction = ntpDuration & 0xFFFFFFFFL;
        return seconds * clockRate + ((fraction * clockRate) >>> 32);
    }
}
