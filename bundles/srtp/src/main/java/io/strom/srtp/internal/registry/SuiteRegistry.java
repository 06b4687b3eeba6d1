package io.strom.srtp.internal.registry;

import io.strom.api.metrics.MetricsWriter;
import io.strom.api.srtp.SrtpCipherSuite;
import io.strom.srtp.internal.transform.CipherPrimitives;
import io.strom.srtp.internal.transform.ProviderCipherSuite;
import io.strom.srtp.internal.transform.SrtpProfile;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one provider's suites registered as its configuration says. A valid change unregisters
 * the profiles no longer wanted, re-ranks those kept (in place, so sessions holding them are not
 * disturbed) and registers the new ones. An invalid one is logged with the attribute and value
 * and changes nothing, so a typo in the configuration never takes SRTP away.
 */
public final class SuiteRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SuiteRegistry.class);

    private final String pid;
    private final CipherPrimitives primitives;
    private final ServicePublisher publisher;
    private final Map<SrtpProfile, ServicePublisher.Registration> registered = new EnumMap<>(SrtpProfile.class);
    private final Map<SrtpProfile, ProviderCipherSuite> suites = new EnumMap<>(SrtpProfile.class);

    public SuiteRegistry(String pid, CipherPrimitives primitives, ServicePublisher publisher) {
        this.pid = pid;
        this.primitives = primitives;
        this.publisher = publisher;
    }

    /** Registers what the configuration asks for; false (and nothing changed) when it is invalid. */
    public synchronized boolean apply(String[] profiles, boolean gcmOnly, int ranking) {
        List<PlannedSuite> plan;
        try {
            plan = SuitePlanner.plan(profiles, gcmOnly, ranking);
        } catch (InvalidSettingException e) {
            LOG.error("{}: invalid configuration, {}; {}", pid, e.getMessage(), registered.isEmpty()
                    ? "no SRTP suite of provider " + primitives.provider() + " is registered"
                    : "keeping the registered suites " + registered.keySet());
            return false;
        }
        registered.keySet().removeIf(profile -> {
            boolean dropped = plan.stream().noneMatch(s -> s.profile() == profile);
            if (dropped) {
                registered.get(profile).unregister();
                suites.remove(profile);
            }
            return dropped;
        });
        for (PlannedSuite s : plan) {
            Map<String, Object> props = Map.of(
                    SrtpCipherSuite.PROFILE, s.profile().name(),
                    SrtpCipherSuite.PROVIDER, primitives.provider(),
                    Constants.SERVICE_RANKING, s.ranking());
            ServicePublisher.Registration reg = registered.get(s.profile());
            if (reg != null) {
                reg.setProperties(props);
            } else {
                ProviderCipherSuite suite = new ProviderCipherSuite(s.profile(), primitives);
                suites.put(s.profile(), suite);
                registered.put(s.profile(), publisher.register(suite, props));
            }
        }
        LOG.info("{}: SRTP suites of provider {}: {}", pid, primitives.provider(), plan);
        return true;
    }

    /** Unregisters every suite. */
    public synchronized void close() {
        registered.values().forEach(ServicePublisher.Registration::unregister);
        registered.clear();
        suites.clear();
    }

    /** The registered suites' packet counts, as metrics. */
    public void collect(MetricsWriter out) {
        List<ProviderCipherSuite> now;
        synchronized (this) {
            now = List.copyOf(suites.values());
        }
        SuiteMetrics.write(now, out);
    }
}
