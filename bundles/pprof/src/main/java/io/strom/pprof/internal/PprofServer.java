package io.strom.pprof.internal;

import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthManager;
import io.strom.metrics.internal.http.HttpAccess;
import io.strom.metrics.internal.http.HttpListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profiling listener on {@code pprofAddress} when {@code pprof} is on.
 *
 * <p>Recording, dumping and counting run on at most {@value #MAX_JOBS} worker threads, never on
 * the listener's event loop; a request beyond that gets 503. No {@code @Modified}: a changed
 * setting re-activates the component; {@link #close} frees the port and interrupts running jobs
 * (a recording in progress is stopped and its file deleted).
 */
@Component(service = {}, configurationPid = PprofServer.PID, immediate = true)
@Designate(ocd = PprofServer.Config.class)
public class PprofServer {

    static final String PID = "io.strom.pprof";
    static final int MAX_JOBS = 4;

    @ObjectClassDefinition(id = PID, name = "Strom profiling", description = "GET /debug/jfr?seconds=N (a JFR "
            + "recording with the JDK's profile settings), /debug/threads (thread dump), /debug/heap (class histogram).")
    @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Whether the profiling listener runs. Off by default, "
                + "like MediaMTX's pprof: a heap histogram pauses the JVM for a full GC.")
        boolean pprof() default false;

        @AttributeDefinition(name = "Address", description = "Where /debug/... is served: ':9999' on every interface, "
                + "'127.0.0.1:9999' on loopback only. Who may use it is the 'pprof' permission of authInternalUsers.")
        String pprofAddress() default ":9999";
    }

    private static final Logger LOG = LoggerFactory.getLogger(PprofServer.class);

    private final ExecutorService jobs;
    private final HttpListener listener;

    @Activate
    public PprofServer(Config config, @Reference AuthManager authManager) throws Exception {
        if (!config.pprof()) {
            jobs = null;
            listener = null;
            return;
        }
        jobs = new ThreadPoolExecutor(0, MAX_JOBS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new io.netty.util.concurrent.DefaultThreadFactory("strom-pprof", true));
        PprofHandler handler = new PprofHandler(new DiagnosticCommands(), jobs,
                new HttpAccess(authManager, "pprof", AuthAction.PPROF));
        try {
            listener = HttpListener.bind("pprofAddress", config.pprofAddress(), "strom-pprof-http", handler);
        } catch (Exception e) {
            jobs.shutdownNow();
            LOG.error("profiling listener cannot bind {}: {}", config.pprofAddress(), e.toString());
            throw e;
        }
        LOG.info("profiling listener opened on {}", listener.localAddress());
    }

    @Deactivate
    void close() throws InterruptedException {
        if (listener != null) {
            listener.close();
            jobs.shutdownNow();
            jobs.awaitTermination(5, TimeUnit.SECONDS);
            LOG.info("profiling listener closed");
        }
    }
}
