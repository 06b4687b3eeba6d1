package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolServer;
import java.io.IOException;
import java.net.DatagramSocket;
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

/** Stopping the RTSP bundle frees its TCP and UDP ports and threads and leaves the core; starting it serves again. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RtspBundleLifecycleIT {

    @Inject
    private BundleContext context;

    @Inject
    private PathManager pathManager;

    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(null)};
    }

    private InetSocketAddress rtspAddress() {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(ProtocolServer.class.getName(), "(" + ProtocolServer.PROTOCOL + "=rtsp)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        if (refs == null) {
            return null;
        }
        ProtocolServer server = (ProtocolServer) context.getService(refs[0]);
        return server.listenAddresses().get(0);
    }

    private static boolean rtspThreadsRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("strom-rtsp"));
    }

    @Test
    public void stopFreesPortAndThreadsAndStartServesAgain() throws Exception {
        Await.until("the RTSP server is registered", () -> rtspAddress() != null);
        InetSocketAddress before = rtspAddress();
        assertTrue("loopback only in tests", before.getAddress().isLoopbackAddress());
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), before.getPort())) {
            assertTrue(s.isConnected());
        }

        Bundle rtsp = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("io.strom.rtsp"))
                .findFirst().orElseThrow();
        rtsp.stop();
        assertEquals(null, rtspAddress());
        try (ServerSocket again = new ServerSocket()) {
            again.bind(before); // the port is free again
        } catch (IOException e) {
            throw new AssertionError("port " + before + " still taken after stop", e);
        }
        for (int port : new int[] {StromOptions.RTP_PORT, StromOptions.RTP_PORT + 1}) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                assertTrue(udp.isBound()); // the RTP/RTCP port is free again
            } catch (IOException e) {
                throw new AssertionError("UDP port " + port + " still taken after stop", e);
            }
        }
        Await.until("the RTSP event loop threads are gone", () -> !rtspThreadsRunning());
        assertNotNull("the core is untouched", pathManager.paths());

        rtsp.start();
        Await.until("the RTSP server is back", () -> rtspAddress() != null);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), rtspAddress().getPort())) {
            assertTrue(s.isConnected());
        }
    }
}
