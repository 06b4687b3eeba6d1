package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import org.osgi.framework.ServiceReference;

/** Stopping the RTMP bundle frees its port and threads and leaves the core; starting it serves again. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RtmpBundleLifecycleIT {

    @Inject
    private BundleContext context;

    @Inject
    private PathManager pathManager;

    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(null)};
    }

    private InetSocketAddress rtmpAddress() {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(ProtocolServer.class.getName(), "(" + ProtocolServer.PROTOCOL + "=rtmp)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        if (refs == null) {
            return null;
        }
        ProtocolServer server = (ProtocolServer) context.getService(refs[0]);
        return server.listenAddresses().get(0);
    }

    private static boolean rtmpThreadsRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("strom-rtmp"));
    }

    @Test
    public void stopFreesPortAndThreadsAndStartServesAgain() throws Exception {
        Await.until("the RTMP server is registered", () -> rtmpAddress() != null);
        InetSocketAddress before = rtmpAddress();
        assertTrue("loopback only in tests", before.getAddress().isLoopbackAddress());
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), before.getPort())) {
            assertTrue(s.isConnected());
        }

        Bundle rtmp = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("io.strom.rtmp"))
                .findFirst().orElseThrow();
        rtmp.stop();
        assertEquals(null, rtmpAddress());
        try (ServerSocket again = new ServerSocket()) {
            again.bind(before); // the port is free again
        } catch (IOException e) {
            throw new AssertionError("port " + before + " still taken after stop", e);
        }
        Await.until("the RTMP event loop threads are gone", () -> !rtmpThreadsRunning());
        assertNotNull("the core is untouched", pathManager.paths());

        rtmp.start();
        Await.until("the RTMP server is back", () -> rtmpAddress() != null);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), rtmpAddress().getPort())) {
            assertTrue(s.isConnected());
        }
    }
}
