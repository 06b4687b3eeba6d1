package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

/** Stopping the metrics bundle frees its port and thread; starting it serves /metrics again. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsBundleLifecycleIT {

    /** Chosen outside the framework and read again inside it (the probe loads this class twice). */
    private static final int PORT = sharedFreeTcpPort("strom.it.metricsPort");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return new Option[] {StromOptions.runtime(StromOptions.writeYml(StromOptions.LISTENERS
                + "metrics: yes\nmetricsAddress: 127.0.0.1:" + PORT + "\n"))};
    }

    @Test
    public void stopFreesThePortAndTheThreadAndStartServesAgain() throws Exception {
        Await.until("/metrics answers", () -> scrape() == 200);
        Bundle metrics = Bundles.named(context, "io.strom.metrics");

        metrics.stop();
        assertTrue("nothing listens on " + PORT + " once the bundle is stopped", refused());
        Await.until("no strom-metrics thread is left", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("strom-metrics")));

        metrics.start();
        Await.until("/metrics answers again", () -> scrape() == 200);
        assertEquals(Bundle.ACTIVE, metrics.getState());
    }

    private static int scrape() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + PORT + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body().contains("# TYPE paths_") || r.body().contains("# TYPE strom_") ? r.statusCode() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean refused() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int sharedFreeTcpPort(String property) {
        synchronized (System.getProperties()) {
            String chosen = System.getProperty(property);
            if (chosen == null) {
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    chosen = Integer.toString(probe.getLocalPort());
                } catch (IOException e) {
                    throw new UncheckedIOException("no free TCP port on loopback", e);
                }
                System.setProperty(property, chosen);
            }
            return Integer.parseInt(chosen);
        }
    }
}
