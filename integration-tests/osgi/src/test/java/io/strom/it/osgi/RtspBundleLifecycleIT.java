package io.strom.it.osgi;

import static org.junit.Assert.assertTrue;

import io.strom.api.path.PathManager;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

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

    @Test
    public void stopFreesPortsAndThreadsAndStartServesAgain() throws Exception {
        new ProtocolBundleCycle(context, "rtsp", "strom-rtsp").run("io.strom.rtsp", pathManager, () -> {
            for (int port : new int[] {StromOptions.RTP_PORT, StromOptions.RTP_PORT + 1}) {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    assertTrue(udp.isBound()); // the RTP/RTCP port is free again
                } catch (IOException e) {
                    throw new AssertionError("UDP port " + port + " still taken after stop", e);
                }
            }
        });
    }
}
