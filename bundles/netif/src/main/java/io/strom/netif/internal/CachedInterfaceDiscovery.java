package io.strom.netif.internal;

import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import io.strom.api.netif.InterfaceDiscovery;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InterfaceDiscovery} from a cache: interfaces are enumerated and hosts resolved once at
 * activation, then on one daemon thread ({@value #THREAD_NAME}) every {@code ttl}, so a network
 * change shows within one TTL and {@link #hostAddresses()} only reads a volatile immutable list.
 * {@code ttl = 0} enumerates on every call instead, only to reproduce MediaMTX's cost in a
 * benchmark.
 *
 * <p>{@code @Modified} re-applies the configuration at once and restarts the schedule; a refused
 * value is logged with its attribute named and the previous configuration keeps running. A
 * failed enumeration keeps the previous addresses. {@link #close} stops the thread.
 */
@Component(configurationPid = CachedInterfaceDiscovery.PID, immediate = true)
@Designate(ocd = CachedInterfaceDiscovery.Config.class)
public class CachedInterfaceDiscovery implements InterfaceDiscovery, MetricsSource {

    static final String PID = "io.strom.netif";
    static final String THREAD_NAME = "strom-netif";

    @ObjectClassDefinition(id = PID, name = "Strom network interfaces",
            description = "The host addresses WebRTC offers as ICE candidates.")
    @interface Config {
        @AttributeDefinition(name = "Addresses from interfaces", description = "Offer the addresses of the up, "
                + "non-loopback network interfaces (or of those listed below).")
        boolean webrtcIPsFromInterfaces() default true;

        @AttributeDefinition(name = "Interfaces", description = "Interface names to take addresses from, e.g. "
                + "'eth0'. Empty: every up, non-loopback interface. A listed loopback interface ('lo') is used, "
                + "which confines WebRTC to this host.")
        String[] webrtcIPsFromInterfacesList() default {};

        @AttributeDefinition(name = "Additional hosts", description = "IPs or DNS names offered after the "
                + "interface addresses, e.g. a public address behind NAT. A name that does not resolve is skipped "
                + "with a warning and retried at the next refresh.")
        String[] webrtcAdditionalHosts() default {};

        @AttributeDefinition(name = "IPv6", description = "Offer IPv6 addresses (link-local ones never).")
        boolean ipv6() default true;

        @AttributeDefinition(name = "Refresh interval", description = "Seconds between background refreshes, "
                + "0.1 to 86400: a network change shows within this time; shorter costs an interface walk (and "
                + "DNS lookups) more often. 0 enumerates on every offer, as MediaMTX does; only for benchmarks.")
        double ttl() default 30;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CachedInterfaceDiscovery.class);

    private final InterfaceEnumerator enumerator;
    private final HostAddressCollector collector;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong enumerations = new AtomicLong();
    /** Enumerations that failed; the previous addresses were kept. */
    final LongAdder enumerationFailures = new LongAdder();
    private volatile NetifSettings settings;
    private volatile List<InetAddress> addresses = List.of();
    /** Guarded by this. */
    private ScheduledFuture<?> schedule;

    @Activate
    public CachedInterfaceDiscovery(Config config) {
        this(config, SystemInterfaceEnumerator.INSTANCE, HostResolver.SYSTEM);
    }

    CachedInterfaceDiscovery(Config config, InterfaceEnumerator enumerator, HostResolver resolver) {
        this.enumerator = enumerator;
        this.collector = new HostAddressCollector(resolver);
        NetifSettings initial = NetifSettings.from(config);
        apply(initial);
    }

    @Modified
    void modified(Config config) {
        NetifSettings next;
        try {
            next = NetifSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{} configuration refused, the previous one keeps running: {}", PID, e.getMessage());
            return;
        }
        apply(next);
    }

    private synchronized void apply(NetifSettings next) {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
        settings = next;
        refresh();
        long ttl = next.ttlMillis();
        if (ttl > 0) {
            schedule = refresher.scheduleWithFixedDelay(this::refreshInBackground, ttl, ttl, TimeUnit.MILLISECONDS);
        }
    }

    private void refreshInBackground() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log and try at the next tick.
            LOG.warn("host address refresh failed, keeping {}", addresses, e);
        }
    }

    private synchronized void refresh() {
        List<InetAddress> next = collect(settings);
        if (!next.equals(addresses)) {
            if (next.isEmpty()) {
                LOG.warn("no host addresses: WebRTC peers will get no host candidates");
            } else {
                LOG.info("host addresses: {}", next);
            }
        }
        addresses = next;
    }

    private List<InetAddress> collect(NetifSettings s) {
        if (!s.fromInterfaces()) {
            return collector.collect(s, List.of());
        }
        enumerations.incrementAndGet();
        try {
            return collector.collect(s, enumerator.enumerate());
        } catch (SocketException e) {
            enumerationFailures.increment();
            LOG.warn("cannot list network interfaces, keeping the previous addresses: {}", e.toString());
            return addresses;
        }
    }

    @Override
    public List<InetAddress> hostAddresses() {
        NetifSettings s = settings;
        return s.ttlMillis() == 0 ? collect(s) : addresses;
    }

    @Override
    public long enumerations() {
        return enumerations.get();
    }

    @Override
    public void collect(MetricsWriter out) {
        NetifMetrics.write(enumerations(), enumerationFailures.sum(), collector.resolveFailures.sum(), addresses.size(), out);
    }

    @Deactivate
    void close() {
        synchronized (this) {
            if (schedule != null) {
                schedule.cancel(false);
                schedule = null;
            }
        }
        refresher.shutdownNow();
        try {
            if (!refresher.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the {} thread did not stop within 5 s", THREAD_NAME);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
