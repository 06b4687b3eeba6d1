package io.strom.hls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Unit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cutter on an Opus track (20 ms frames, every one a sync sample): parts of whole frames
 * near {@code hlsPartDuration}, segments of whole parts once {@code hlsSegmentDuration} has
 * passed, what each cut hands over, and that every buffer it took is released once whether
 * the stream runs on, outgrows {@code hlsSegmentMaxSize} or is closed midway.
 */
class CutterTest {

    private static final int FRAME = 960; // 20 ms at 48 kHz
    private static final int FRAME_BYTES = 100;

    private final List<Cutter.Header> headers = new ArrayList<>();
    private final List<Cutter.Cut> cuts = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<ByteBuf> frames = new ArrayList<>();

    private final Cutter.Output output = new Cutter.Output() {
        @Override
        public void started(Cutter.Header header) {
            headers.add(header);
        }

        @Override
        public void cut(Cutter.Cut cut) {
            cuts.add(cut);
        }

        @Override
        public void failed(String reason) {
            failures.add(reason);
        }
    };

    private Cutter cutter(long segmentMaxSize) {
        HlsSettings settings = new HlsSettings(HlsSettings.Variant.LOW_LATENCY, 7, Duration.ofSeconds(1), Duration.ofMillis(200),
                segmentMaxSize, false, Duration.ofSeconds(60), "*");
        MediaDescription d = MediaDescription.of(MediaKind.AUDIO, Format.of("Opus", 111, 48000, 2));
        return new Cutter("live", d, settings, UnpooledByteBufAllocator.DEFAULT, Clock.systemUTC(), output);
    }

    /** Feeds {@code count} frames, each borrowed by the cutter as a publisher's write would lend it. */
    private void feed(Cutter c, int count) {
        for (int i = 0; i < count; i++) {
            ByteBuf au = Unpooled.buffer(FRAME_BYTES).writeZero(FRAME_BYTES);
            frames.add(au);
            long t = 90_000L + (long) frames.size() * FRAME;
            Unit u = Unit.newUnit(0, t, t, true).setAccessUnit(au.retain());
            c.onUnit(u);
            u.release();
        }
    }

    /** Releases what the output was handed, as the muxer does when segments expire. */
    private void releaseHandedOver() {
        headers.forEach(Cutter.Header::release);
        Set<Part> loose = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Cutter.Cut cut : cuts) {
            if (cut.part() != null) {
                loose.add(cut.part());
            }
            if (cut.segment() != null) {
                cut.segment().parts().forEach(loose::remove);
                cut.segment().release(); // its data and its parts'
            }
        }
        loose.forEach(p -> p.data().release());
    }

    @AfterEach
    void everyFrameReleasedOnce() {
        for (ByteBuf f : frames) {
            assertEquals(1, f.refCnt(), "the cutter released each frame it retained, once");
            f.release();
        }
    }

    @Test
    void partsOfWholeFramesAndSegmentsOfWholeParts() {
        Cutter c = cutter(50_000_000);
        feed(c, 150); // 3 s
        assertEquals(1, headers.size());
        assertNull(headers.get(0).resolution());
        assertEquals("opus", headers.get(0).codecs());
        assertNotNull(headers.get(0).init());

        List<Cutter.Cut> segmentEnds = cuts.stream().filter(cut -> cut.segment() != null).toList();
        assertEquals(2, segmentEnds.size(), "segments end at 1 s and 2 s");
        long partId = 0;
        for (Cutter.Cut cut : cuts) {
            if (cut.part() != null) {
                assertEquals(partId++, cut.part().id(), "part ids follow each other");
                assertEquals(0.2, cut.part().duration(), 1e-9, "10 frames of 20 ms");
                assertTrue(cut.part().independent());
            }
            assertEquals(0.2 * 1.05, cut.partTarget(), 1e-3);
            assertEquals(1, cut.targetDuration());
        }
        for (int i = 0; i < segmentEnds.size(); i++) {
            Segment s = segmentEnds.get(i).segment();
            assertEquals(i, s.msn());
            assertEquals(1.0, s.duration(), 1e-9);
            assertEquals(5, s.parts().size());
            int bytes = s.parts().stream().mapToInt(p -> p.data().readableBytes()).sum();
            assertEquals(bytes, s.data().readableBytes(), "a segment's data is its parts'");
        }
        assertTrue(failures.isEmpty());
        c.close();
        c.close();
        releaseHandedOver();
    }

    @Test
    void aSegmentOverTheMaximumStopsTheCutter() {
        Cutter c = cutter(3 * FRAME_BYTES * 10); // three parts' worth of frames
        feed(c, 150);
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).contains("hlsSegmentMaxSize"), failures.get(0));
        int before = cuts.size();
        feed(c, 10);
        assertEquals(before, cuts.size(), "a stopped cutter cuts nothing");
        releaseHandedOver();
    }

    @Test
    void closingMidSegmentReleasesWhatTheCutterHolds() {
        Cutter c = cutter(50_000_000);
        feed(c, 37); // three parts handed over, the fourth in the writer
        assertEquals(3, cuts.size());
        c.close();
        feed(c, 5);
        assertEquals(3, cuts.size());
        releaseHandedOver();
    }
}
