package io.strom.core.internal;

import static io.strom.core.internal.Fakes.H264_OPUS;
import static io.strom.core.internal.Fakes.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Unit;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathInfo;
import io.strom.api.path.PublisherHandle;
import io.strom.api.path.ReaderHandle;
import io.strom.core.internal.Fakes.TestPublisher;
import io.strom.core.internal.Fakes.TestReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamTest {

    private final AtomicLong nanos = new AtomicLong();
    private PathManagerImpl manager;

    @BeforeEach
    void setUp() throws Exception {
        manager = new PathManagerImpl(Fakes.coreConfig(4), Clock.systemUTC(), nanos::get);
        manager.put("pid-all", Fakes.conf("all_others", true, 0));
    }

    @Test
    void oneUnitReachesEveryReaderByReferenceAndIsReleasedAfterTheLast() throws Exception {
        PublisherHandle pub = manager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p"), H264_OPUS));
        List<TestReader> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestReader r = new TestReader("r" + i, false);
            manager.addReader(new AddReaderRequest("cam", r));
            readers.add(r);
        }
        Unit u = unit(0, 90000, 100);
        ByteBuf packet = u.rtpPacket(0);
        pub.write(u);
        assertEquals(3, u.refCnt(), "one reference per reader queue; the publisher's was released");

        readers.get(0).runTasks();
        readers.get(1).runTasks();
        assertEquals(1, u.refCnt());
        readers.get(2).runTasks();
        assertEquals(0, packet.refCnt(), "released after the last reader");
        for (TestReader r : readers) {
            assertSame(u, r.seen.get(0), "the same unit instance, not a copy");
        }
        PathInfo info = manager.paths().get(0);
        assertEquals(100, info.bytesReceived());
        assertEquals(300, info.bytesSent());
        pub.close();
    }

    @Test
    void aSlowReaderLosesWholeUnitsWhileTheOthersGetEverything() throws Exception {
        PublisherHandle pub = manager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p"), H264_OPUS));
        TestReader slow = new TestReader("slow", false); // its event loop never runs in this test
        TestReader fast = new TestReader("fast", true);
        ReaderHandle slowHandle = manager.addReader(new AddReaderRequest("cam", slow));
        manager.addReader(new AddReaderRequest("cam", fast));

        List<Unit> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Unit u = unit(i % 2, i, 10);
            written.add(u);
            pub.write(u); // never blocks although the slow reader's queue (4) is full
        }
        assertEquals(10, fast.pts.size());
        assertEquals(6, slowHandle.droppedUnits(), "queue of 4, 10 written");
        slow.runTasks();
        assertEquals(List.of(0L, 1L, 2L, 3L), slow.pts, "the oldest units, whole and in order");
        for (Unit u : written) {
            assertEquals(0, u.refCnt(), "nothing leaks: " + u);
        }
        pub.close();
    }

    @Test
    void aClosedReaderReleasesWhatItHadQueued() throws Exception {
        PublisherHandle pub = manager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p"), H264_OPUS));
        TestReader reader = new TestReader("r", false);
        ReaderHandle handle = manager.addReader(new AddReaderRequest("cam", reader));
        Unit u = unit(0, 0, 10);
        pub.write(u);
        handle.close();
        reader.runTasks();
        assertEquals(0, u.refCnt());
        assertEquals(List.of(), reader.pts, "nothing delivered after close");
        assertEquals(null, reader.closed.get(), "a reader closing itself is not called back");
        Unit later = unit(0, 1, 10);
        pub.write(later);
        assertEquals(0, later.refCnt(), "a detached reader gets nothing");
        pub.close();
    }

    @Test
    void closingThePublisherClosesItsReadersAndRemovesThePath() throws Exception {
        PublisherHandle pub = manager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p"), H264_OPUS));
        TestReader reader = new TestReader("r", true);
        manager.addReader(new AddReaderRequest("cam", reader));
        pub.close();
        assertNotNull(reader.closed.get());
        assertEquals(List.of(), manager.paths());
        Unit late = unit(0, 0, 10);
        pub.write(late);
        assertEquals(0, late.refCnt(), "a write after close is released");
    }

    @Test
    void aUnitForAnUnknownTrackIsRefusedAndReleased() throws Exception {
        PublisherHandle pub = manager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p"), H264_OPUS));
        Unit u = unit(2, 0, 10);
        assertThrows(IllegalArgumentException.class, () -> pub.write(u));
        assertEquals(0, u.refCnt());
        pub.close();
    }

    @Test
    void dropsAreLoggedAtMostOncePerSecond() throws Exception {
        // Exercised through the clock: dropping 1000 units within one fake second must not fail or
        // block; the count is kept exactly.
        PublisherHandle pub = manager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p"), H264_OPUS));
        TestReader slow = new TestReader("slow", false);
        ReaderHandle handle = manager.addReader(new AddReaderRequest("cam", slow));
        for (int i = 0; i < 1000; i++) {
            pub.write(unit(0, i, 1));
            if (i == 500) {
                nanos.addAndGet(2_000_000_000L);
            }
        }
        assertEquals(996, handle.droppedUnits());
        slow.runTasks();
        pub.close();
    }
}
