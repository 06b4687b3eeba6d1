package io.strom.core.internal;

import static io.strom.core.internal.Fakes.H264_OPUS;
import static io.strom.core.internal.Fakes.conf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathException.Reason;
import io.strom.api.path.PublisherHandle;
import io.strom.core.internal.Fakes.TestPublisher;
import io.strom.core.internal.Fakes.TestReader;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PathManagerImplTest {

    private PathManagerImpl manager;

    @BeforeEach
    void setUp() {
        manager = new PathManagerImpl(Fakes.coreConfig(8), Clock.systemUTC(), System::nanoTime);
    }

    private Reason reasonOf(Executable call) {
        return assertThrows(PathException.class, call::run).reason();
    }

    interface Executable {
        void run() throws Exception;
    }

    @Test
    void exactNamesWinOverRegexesWhichWinOverAllOthers() throws Exception {
        manager.put("a", conf("all_others", true, 0));
        manager.put("b", conf("~^cam[0-9]+$", true, 0));
        manager.put("c", conf("cam1", true, 0));
        manager.put("d", conf("~^cam.*$", true, 0));
        assertEquals("cam1", manager.findPathConf("cam1").name());
        assertEquals("~^cam.*$", manager.findPathConf("cam2").name(), "regexes in order of their names");
        assertEquals("~^cam.*$", manager.findPathConf("camera").name());
        assertEquals("all_others", manager.findPathConf("live/other").name());
    }

    @Test
    void allIsAnAliasOfAllOthersAndWithoutACatchAllUnknownPathsAreNotConfigured() throws Exception {
        manager.put("x", conf("cam1", true, 0));
        assertEquals(Reason.NOT_CONFIGURED, reasonOf(() -> manager.findPathConf("cam2")));
        manager.put("y", conf("all", true, 0));
        assertEquals("all", manager.findPathConf("cam2").name());
    }

    @Test
    void invalidPathNamesAreRefused() throws Exception {
        manager.put("a", conf("all_others", true, 0));
        for (String bad : new String[] {"", "/lead", "trail/", "a//b", "../etc", "sp ace", "q?x", "x".repeat(256)}) {
            assertEquals(Reason.INVALID_NAME, reasonOf(() -> manager.findPathConf(bad)), bad);
        }
        assertEquals("all_others", manager.findPathConf("live/cam-1_a.b~c:d").name());
    }

    @Test
    void aSecondPublisherIsRefusedUnlessOverrideIsOn() throws Exception {
        manager.put("a", conf("locked", false, 0));
        manager.put("b", conf("open", true, 0));
        TestPublisher first = new TestPublisher("1");
        manager.addPublisher(new AddPublisherRequest("locked", first, H264_OPUS));
        assertEquals(Reason.PUBLISHER_EXISTS,
                reasonOf(() -> manager.addPublisher(new AddPublisherRequest("locked", new TestPublisher("2"), H264_OPUS))));
        assertNull(first.closed.get());

        TestPublisher old = new TestPublisher("3");
        manager.addPublisher(new AddPublisherRequest("open", old, H264_OPUS));
        TestReader reader = new TestReader("r", true);
        manager.addReader(new AddReaderRequest("open", reader));
        PublisherHandle replacement = manager.addPublisher(new AddPublisherRequest("open", new TestPublisher("4"), H264_OPUS));
        assertNotNull(old.closed.get(), "the replaced publisher is told");
        assertNotNull(reader.closed.get(), "its readers are closed: the stream changed");
        assertEquals("4", manager.paths().stream().filter(p -> p.name().equals("open")).findFirst().orElseThrow().source().id());
        replacement.close();
    }

    @Test
    void readersNeedAPublisherAndRespectMaxReaders() throws Exception {
        manager.put("a", conf("cam", true, 2));
        assertEquals(Reason.NO_PUBLISHER, reasonOf(() -> manager.addReader(new AddReaderRequest("cam", new TestReader("r", true)))));
        assertEquals(Reason.NO_PUBLISHER, reasonOf(() -> manager.describe("cam")));
        manager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p"), H264_OPUS));
        assertEquals(H264_OPUS, manager.describe("cam"));
        var r1 = manager.addReader(new AddReaderRequest("cam", new TestReader("r1", true)));
        manager.addReader(new AddReaderRequest("cam", new TestReader("r2", true)));
        assertEquals(Reason.MAX_READERS, reasonOf(() -> manager.addReader(new AddReaderRequest("cam", new TestReader("r3", true)))));
        r1.close();
        manager.addReader(new AddReaderRequest("cam", new TestReader("r3", true)));
        assertEquals(2, manager.paths().get(0).readers().size());
    }

    @Test
    void editingAConfigurationKeepsItsStreamsAndRemovingItClosesThem() throws Exception {
        manager.put("a", conf("cam", true, 1));
        TestPublisher pub = new TestPublisher("p");
        manager.addPublisher(new AddPublisherRequest("cam", pub, H264_OPUS));
        manager.put("a", conf("cam", true, 5));
        assertNull(pub.closed.get(), "an edit keeps the stream");
        assertEquals(5, manager.paths().size() == 1 ? manager.findPathConf("cam").maxReaders() : -1);
        manager.remove("a");
        assertNotNull(pub.closed.get(), "removal closes it");
        assertEquals(0, manager.paths().size());
    }

    @Test
    void twoConfigurationsCannotShareAName() throws Exception {
        manager.put("a", conf("cam", true, 0));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> manager.put("b", conf("cam", true, 0)));
        assertEquals("name", e.field());
    }

    @Test
    void writeQueueSizeMustBeAPowerOfTwoAndABadChangeKeepsTheOldValue() {
        assertThrows(IllegalArgumentException.class, () -> new PathManagerImpl(Fakes.coreConfig(1000)));
        manager.modified(Fakes.coreConfig(1000));
        assertEquals(8, manager.writeQueueSize());
        manager.modified(Fakes.coreConfig(1024));
        assertEquals(1024, manager.writeQueueSize());
    }

    @Test
    void stoppingTheCoreClosesEveryone() throws Exception {
        manager.put("a", conf("all_others", true, 0));
        TestPublisher pub = new TestPublisher("p");
        manager.addPublisher(new AddPublisherRequest("x", pub, H264_OPUS));
        TestReader reader = new TestReader("r", true);
        manager.addReader(new AddReaderRequest("x", reader));
        manager.close();
        assertNotNull(pub.closed.get());
        assertNotNull(reader.closed.get());
        assertEquals(Reason.UNAVAILABLE, reasonOf(() -> manager.addPublisher(new AddPublisherRequest("y", pub, H264_OPUS))));
    }
}
