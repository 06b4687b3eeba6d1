package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.strom.api.path.PathManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;

/** The runtime's bundle set resolves and starts, and the core services are there. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeBundlesIT {

    @Inject
    private BundleContext context;

    @Inject
    private PathManager pathManager;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private MetaTypeService metaType;

    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(null)};
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            boolean lazy = b.getState() == Bundle.STARTING
                    && Constants.ACTIVATION_LAZY.equals(b.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY));
            if (b.getState() != Bundle.ACTIVE && !(fragment && b.getState() == Bundle.RESOLVED) && !lazy) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertEquals("bundles not active: " + notActive, List.of(), notActive);
        for (String bsn : List.of("io.strom.api", "io.strom.core", "io.strom.config", "org.jitsi.ice4j", "bctls",
                "org.apache.felix.webconsole", "io.netty.transport-classes-epoll")) {
            assertTrue(bsn + " is installed", Arrays.stream(context.getBundles())
                    .anyMatch(b -> b.getSymbolicName().equals(bsn) && b.getState() == Bundle.ACTIVE));
        }
    }

    @Test
    public void nettyNativeEpollIsAvailable() {
        assertTrue("epoll: " + io.netty.channel.epoll.Epoll.unavailabilityCause(),
                io.netty.channel.epoll.Epoll.isAvailable());
    }

    @Test
    public void coreServicesAreRegisteredAndDescribedForTheWebConsole() throws Exception {
        assertNotNull(pathManager);
        assertNotNull(configAdmin);
        Bundle core = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("io.strom.core")).findFirst().orElseThrow();
        MetaTypeInformation info = metaType.getMetaTypeInformation(core);
        assertTrue(Arrays.asList(info.getPids()).contains("io.strom.core"));
        Bundle control = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("io.strom.control")).findFirst().orElseThrow();
        assertTrue(Arrays.asList(metaType.getMetaTypeInformation(control).getPids()).contains("io.strom.control.api"));
        assertTrue(Arrays.asList(info.getFactoryPids()).contains("io.strom.path"));
        // The config bundle ran on its embedded defaults: any path is accepted, like MediaMTX's all_others.
        Await.until("all_others is configured", () -> {
            try {
                return pathManager.findPathConf("any/path").name().equals("all_others");
            } catch (Exception e) {
                return false;
            }
        });
    }
}
