package io.strom.metrics.internal;

import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthManager;
import io.strom.api.metrics.MetricsSource;
import io.strom.metrics.internal.http.HttpAccess;
import io.strom.metrics.internal.http.HttpListener;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics listener on {@code metricsAddress} when {@code metrics} is on: {@code GET /metrics}
 * in Prometheus' text format, gathered from every {@link MetricsSource} at scrape time.
 *
 * <p>Sources come and go with their bundles (a dynamic reference); a scrape asks those present at
 * that moment. No {@code @Modified}: a changed setting re-activates the component, which closes
 * the old listener (the port is free when {@link #close} returns) before binding the new one.
 * Callers need the {@code metrics} permission ({@code authInternalUsers}), by address or with
 * HTTP Basic credentials.
 */
@Component(service = {}, configurationPid = MetricsServer.PID, immediate = true)
@Designate(ocd = MetricsServer.Config.class)
public class MetricsServer {

    static final String PID = "io.strom.metrics";

    @ObjectClassDefinition(id = PID, name = "Strom metrics", description = "Prometheus metrics (text format 0.0.4) "
            + "on GET /metrics: MediaMTX's path and session metrics plus Strom's internals.")
    @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Whether the metrics listener runs. Off by default, "
                + "like MediaMTX's.")
        boolean metrics() default false;

        @AttributeDefinition(name = "Address", description = "Where GET /metrics is served: ':9998' on every "
                + "interface, '127.0.0.1:9998' on loopback only. Who may read it is the 'metrics' permission of "
                + "authInternalUsers.")
        String metricsAddress() default ":9998";
    }

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final List<MetricsSource> sources = new CopyOnWriteArrayList<>();
    private final HttpListener listener;

    @Activate
    public MetricsServer(Config config, @Reference AuthManager authManager) throws Exception {
        if (!config.metrics()) {
            listener = null;
            return;
        }
        MetricsHandler handler = new MetricsHandler(() -> sources, new HttpAccess(authManager, "metrics", AuthAction.METRICS));
        try {
            listener = HttpListener.bind("metricsAddress", config.metricsAddress(), "strom-metrics", handler);
        } catch (Exception e) {
            LOG.error("metrics listener cannot bind {}: {}", config.metricsAddress(), e.toString());
            throw e;
        }
        LOG.info("metrics listener opened on {}", listener.localAddress());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(MetricsSource source) {
        sources.add(source);
    }

    void removeSource(MetricsSource source) {
        sources.remove(source);
    }

    /** The bound address, or null when metrics are off. */
    InetSocketAddress localAddress() {
        return listener == null ? null : listener.localAddress();
    }

    @Deactivate
    void close() throws InterruptedException {
        if (listener != null) {
            listener.close();
            LOG.info("metrics listener closed");
        }
    }
}
