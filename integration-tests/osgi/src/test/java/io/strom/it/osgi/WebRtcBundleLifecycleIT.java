package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.strom.api.ice.IceTransportFactory;
import io.strom.api.path.PathManager;
import io.strom.api.path.PublisherHandle;
import io.strom.api.protocol.ProtocolServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;
import org.junit.Before;
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
import org.osgi.framework.ServiceReference;

/**
 * Stopping the WebRTC bundle frees its TCP port and threads and ends its sessions; stopping the
 * ICE bundle frees the shared UDP port and its threads. RTSP and RTMP are untouched, and each
 * bundle serves again once started.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebRtcBundleLifecycleIT {

    @Inject
    private BundleContext context;

    @Inject
    private PathManager pathManager;

    private WhepClient whep;

    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(null)};
    }

    @Before
    public void awaitWebRtc() {
        whep = new WhepClient(context);
        Await.until("the WHEP server and ICE are registered",
                () -> whep.serving() && context.getServiceReference(IceTransportFactory.class) != null);
    }

    @Test
    public void stoppingTheWebRtcBundleFreesItsPortAndThreads() throws Exception {
        String path = "webrtc/cycle";
        try (PublisherHandle publishing = TestSessions.publishH264AndOpus(pathManager, path)) {
            Map<String, Long> others = otherProtocolServers();
            String before = whep.createSession(path);
            new ProtocolBundleCycle(context, "webrtc", "strom-webrtc", "strom-dtls")
                    .run("io.strom.webrtc", pathManager, () -> { });
            assertEquals("a session does not outlive its server", 404, whep.delete(before).statusCode());
            assertEquals(200, whep.delete(whep.createSession(path)).statusCode());
            assertEquals("RTSP and RTMP kept their servers", others, otherProtocolServers());
            for (String protocol : others.keySet()) {
                ProtocolBundleCycle.connect(ProtocolBundleCycle.listenAddress(context, protocol));
            }
        }
    }

    @Test
    public void stoppingTheIceBundleFreesItsUdpPortAndThreads() throws Exception {
        String path = "webrtc/ice-cycle";
        try (PublisherHandle publishing = TestSessions.publishH264AndOpus(pathManager, path)) {
            Map<String, Long> others = otherProtocolServers();
            // The shared port is bound at the first offer, so there is one to free.
            String before = whep.createSession(path);
            assertUdpPortTaken(true);
            Bundle ice = Bundles.named(context, "io.strom.ice");
            ice.stop();
            try {
                assertNull(context.getServiceReference(IceTransportFactory.class));
                assertUdpPortTaken(false);
                Await.until("the strom-ice threads are gone", () -> !ProtocolBundleCycle.threadsRunning(List.of("strom-ice")));
                Await.until("the session on the stopped transport ended", () -> sessionCount() == 0);
                assertEquals(404, whep.delete(before).statusCode());
                HttpResponse<String> refused = whep.offer(path, WhepOffers.browser());
                assertEquals(refused.body(), 503, refused.statusCode());
            } finally {
                ice.start();
            }
            Await.until("ICE is back", () -> context.getServiceReference(IceTransportFactory.class) != null);
            String after = whep.createSession(path);
            assertUdpPortTaken(true);
            assertEquals(200, whep.delete(after).statusCode());
            assertEquals("RTSP and RTMP kept their servers", others, otherProtocolServers());
        }
    }

    private static void assertUdpPortTaken(boolean expected) {
        boolean taken;
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                StromOptions.ICE_UDP_PORT))) {
            taken = !udp.isBound();
        } catch (SocketException e) {
            taken = true;
        }
        assertEquals("ICE UDP port " + StromOptions.ICE_UDP_PORT + " taken", expected, taken);
    }

    /** The WebRTC server's sessions, none if it is not registered. */
    private int sessionCount() {
        ProtocolServer server = ProtocolBundleCycle.server(context, "webrtc");
        return server == null ? 0 : server.sessions().size();
    }

    /** The RTSP and RTMP servers' service ids: the same ids mean the same, never re-activated, servers. */
    private Map<String, Long> otherProtocolServers() {
        Map<String, Long> out = new TreeMap<>();
        for (String protocol : List.of("rtsp", "rtmp")) {
            ServiceReference<?> ref = ProtocolBundleCycle.reference(context, protocol);
            out.put(protocol, ref == null ? null : (Long) ref.getProperty(Constants.SERVICE_ID));
        }
        return out;
    }
}
