package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import io.strom.api.path.PublisherHandle;
import io.strom.api.path.ReaderHandle;
import io.strom.it.osgi.TestSessions.TestPublisher;
import io.strom.it.osgi.TestSessions.TestReader;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/** A path configuration made through ConfigAdmin takes effect; an invalid one is refused and the old one stays. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PathConfigurationIT {

    @Inject
    private PathManager pathManager;

    @Inject
    private ConfigurationAdmin configAdmin;

    private org.osgi.service.cm.Configuration created;

    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(null)};
    }

    @After
    public void deleteConfiguration() throws Exception {
        if (created != null) {
            created.delete();
        }
    }

    @Test
    public void aPathConfigurationTakesEffectAndAnInvalidChangeIsRefused() throws Exception {
        created = configAdmin.createFactoryConfiguration("io.strom.path", "?");
        created.update(pathProps("cam", false, 1));
        awaitMaxReaders("cam", 1);

        TestPublisher first = new TestPublisher("p1");
        PublisherHandle publishing = pathManager.addPublisher(new AddPublisherRequest("cam", first, TestSessions.H264));
        expect(PathException.Reason.PUBLISHER_EXISTS,
                () -> pathManager.addPublisher(new AddPublisherRequest("cam", new TestPublisher("p2"), TestSessions.H264)));

        TestReader reader = new TestReader("r1");
        ReaderHandle reading = pathManager.addReader(new AddReaderRequest("cam", reader));
        expect(PathException.Reason.MAX_READERS, () -> pathManager.addReader(new AddReaderRequest("cam", new TestReader("r2"))));

        // A valid change takes effect.
        created.update(pathProps("cam", false, 2));
        awaitMaxReaders("cam", 2);

        // An invalid change is refused: the running value and the stored configuration stay at 2.
        created.update(pathProps("cam", false, -5));
        Await.until("the stored configuration is restored", () -> Integer.valueOf(2).equals(storedMaxReaders()));
        assertEquals(2, pathManager.findPathConf("cam").maxReaders());

        // Streaming on the path went on throughout.
        publishing.write(TestSessions.unit(3000));
        Await.until("the reader got the unit", () -> reader.units.get() >= 1);
        assertNull("publisher kept", first.closedReason.get());
        reading.close();
        publishing.close();
    }

    @Test
    public void aSecondPublisherReplacesTheFirstWhenOverrideIsOn() throws Exception {
        created = configAdmin.createFactoryConfiguration("io.strom.path", "?");
        created.update(pathProps("~^override/.*$", true, 0));
        Await.until("regex config active", () -> confName("override/x").equals("~^override/.*$"));

        TestPublisher first = new TestPublisher("p1");
        pathManager.addPublisher(new AddPublisherRequest("override/x", first, TestSessions.H264));
        PublisherHandle second = pathManager.addPublisher(new AddPublisherRequest("override/x", new TestPublisher("p2"), TestSessions.H264));
        Await.until("the first publisher is closed", () -> first.closedReason.get() != null);
        second.close();
    }

    private Object storedMaxReaders() {
        try {
            return configAdmin.getConfiguration(created.getPid(), "?").getProperties().get("maxReaders");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String confName(String path) {
        try {
            return pathManager.findPathConf(path).name();
        } catch (PathException e) {
            return "";
        }
    }

    private void awaitMaxReaders(String path, int expected) {
        Await.until(path + " has maxReaders " + expected, () -> {
            try {
                return pathManager.findPathConf(path).name().equals(path) && pathManager.findPathConf(path).maxReaders() == expected;
            } catch (PathException e) {
                return false;
            }
        });
    }

    private static Dictionary<String, Object> pathProps(String name, boolean override, int maxReaders) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", name);
        props.put("overridePublisher", override);
        props.put("maxReaders", maxReaders);
        return props;
    }

    interface Call {
        void run() throws PathException;
    }

    private static void expect(PathException.Reason reason, Call call) {
        try {
            call.run();
            fail("expected " + reason);
        } catch (PathException e) {
            assertEquals(reason, e.reason());
        }
    }
}
