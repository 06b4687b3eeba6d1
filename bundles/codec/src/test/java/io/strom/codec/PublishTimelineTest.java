package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PublishTimelineTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long NTP_SECOND = 1L << 32;

    @Test
    void senderReportsPutTracksWithUnrelatedRtpClocksOnOneTimeLine() {
        PublishTimeline t = new PublishTimeline(new int[] {90000, 48000}, 0);
        long ntp = 3_900_000_000L * NTP_SECOND; // some wall-clock time
        // Video: RTP 1_000_000 at ntp; audio: RTP 4_000_000_000 at ntp + 0.5 s.
        t.onSenderReport(0, ntp, 1_000_000);
        t.onSenderReport(1, ntp + NTP_SECOND / 2, 4_000_000_000L);
        assertEquals(0, t.pts(0, 1_000_000, 0), "video at the first report's instant");
        assertEquals(24000, t.pts(1, 4_000_000_000L, 0), "audio half a second later");
        assertEquals(90000 + 45000, t.pts(0, 1_000_000 + 90000 + 45000, 0));
        assertEquals(24000 + 48000, t.pts(1, 4_000_048_000L, 0), "one second of audio later");
    }

    @Test
    void aTrackWaitsForItsReportThenFallsBackToArrival() {
        PublishTimeline t = new PublishTimeline(new int[] {90000}, 0);
        assertEquals(PublishTimeline.WAIT, t.pts(0, 5000, 4 * SECOND));
        assertEquals(6L * 90000, t.pts(0, 5000, 6 * SECOND), "placed where it arrived");
        assertEquals(6L * 90000 + 3000, t.pts(0, 8000, 6 * SECOND + 1));
        t.onSenderReport(0, 1234L * NTP_SECOND, 0);
        assertEquals(6L * 90000 + 6000, t.pts(0, 11000, 7 * SECOND), "a late report does not move it");
    }

    @Test
    void ntpDurationsConvertWithoutOverflowForDays() {
        assertEquals(90000L * 86400 * 3 + 45000, PublishTimeline.ntpToClock(86400L * 3 * NTP_SECOND + NTP_SECOND / 2, 90000));
    }
}
