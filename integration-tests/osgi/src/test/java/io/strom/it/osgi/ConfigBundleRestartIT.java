package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import io.strom.api.path.PublisherHandle;
import io.strom.api.path.ReaderHandle;
import io.strom.it.osgi.TestSessions.TestPublisher;
import io.strom.it.osgi.TestSessions.TestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * strom.yml reaches the core through the config bundle; stopping and starting that bundle leaves
 * the core, its path configurations and a running stream alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigBundleRestartIT {


    @Inject
    private BundleContext context;

    @Inject
    private PathManager pathManager;

    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(StromOptions.writeYml(StromOptions.LISTENERS + "paths:\n  cam:\n    maxReaders: 3\n"))};
    }

    @Test
    public void stoppingAndStartingTheConfigBundleLeavesCoreAndStreamsAlive() throws Exception {
        awaitMaxReaders(3);
        TestPublisher publisher = new TestPublisher("p");
        PublisherHandle publishing = pathManager.addPublisher(new AddPublisherRequest("cam", publisher, TestSessions.H264));
        TestReader reader = new TestReader("r");
        ReaderHandle reading = pathManager.addReader(new AddReaderRequest("cam", reader));
        publishing.write(TestSessions.unit(0));

        Bundle configBundle = bundle("io.strom.config");
        configBundle.stop();
        assertEquals(Bundle.ACTIVE, bundle("io.strom.core").getState());
        assertEquals(3, pathManager.findPathConf("cam").maxReaders());
        publishing.write(TestSessions.unit(3000));

        configBundle.start();
        publishing.write(TestSessions.unit(6000));
        Await.until("the reader got all three units", () -> reader.units.get() == 3);
        assertEquals(3, pathManager.findPathConf("cam").maxReaders());
        assertNull("reader kept", reader.closedReason.get());
        assertNull("publisher kept", publisher.closedReason.get());

        // And the restarted bundle still watches the file. (The probe runs in the framework, so
        // the file's path comes from the framework property, not from a static of this class.)
        Files.writeString(Path.of(context.getProperty("strom.config")),
                StromOptions.LISTENERS + "paths:\n  cam:\n    maxReaders: 4\n");
        awaitMaxReaders(4);
        reading.close();
        publishing.close();
    }

    private Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals(bsn)).findFirst().orElseThrow();
    }

    private void awaitMaxReaders(int expected) {
        Await.until("cam has maxReaders " + expected, () -> {
            try {
                return pathManager.findPathConf("cam").maxReaders() == expected;
            } catch (PathException e) {
                return false;
            }
        });
    }
}
