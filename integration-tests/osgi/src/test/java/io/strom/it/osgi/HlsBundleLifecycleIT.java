package io.strom.it.osgi;

import io.strom.api.path.PathManager;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/** Stopping the HLS bundle frees its port and threads and leaves the core; starting it serves again. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HlsBundleLifecycleIT {

    @Inject
    private BundleContext context;

    @Inject
    private PathManager pathManager;

    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(null)};
    }

    @Test
    public void stopFreesPortAndThreadsAndStartServesAgain() throws Exception {
        new ProtocolBundleCycle(context, "hls", "strom-hls").run("io.strom.hls", pathManager, () -> { });
    }
}
