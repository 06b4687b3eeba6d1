package io.strom.srtp.internal;

import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import io.strom.srtp.internal.registry.BundleContextPublisher;
import io.strom.srtp.internal.registry.ConfigText;
import io.strom.srtp.internal.registry.SuiteRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers one {@link io.strom.api.srtp.SrtpCipherSuite} per configured profile, on the JCE.
 * The suites are registered through the bundle context, not as this component's service (which is
 * only the {@link MetricsSource} of their packet counts), because their number follows the configuration; {@code @Modified} re-registers the right set without
 * re-activation.
 */
@Component(configurationPid = JceSrtpProvider.PID, immediate = true, service = MetricsSource.class)
@Designate(ocd = JceSrtpProvider.Config.class)
public class JceSrtpProvider implements MetricsSource {

    static final String PID = "io.strom.srtp";

    @ObjectClassDefinition(id = PID, name = "Strom SRTP (JCE)",
            description = "SRTP protection profiles offered in DTLS-SRTP, on the JDK's crypto (AES-NI).")
    @interface Config {
        @AttributeDefinition(name = ConfigText.PROFILES, description = ConfigText.PROFILES_DESCRIPTION)
        String[] profiles() default {ConfigText.GCM_128, ConfigText.GCM_256, ConfigText.CM_80};

        @AttributeDefinition(name = ConfigText.GCM_ONLY, description = ConfigText.GCM_ONLY_DESCRIPTION)
        boolean gcmOnly() default false;

        @AttributeDefinition(name = ConfigText.RANKING, description = ConfigText.RANKING_DESCRIPTION)
        int ranking() default 100;
    }

    private final SuiteRegistry registry;

    @Activate
    public JceSrtpProvider(BundleContext context, Config config) {
        registry = new SuiteRegistry(PID, new JcePrimitives(), new BundleContextPublisher(context));
        modified(config);
    }

    @Modified
    void modified(Config config) {
        registry.apply(config.profiles(), config.gcmOnly(), config.ranking());
    }

    @Override
    public void collect(MetricsWriter out) {
        registry.collect(out);
    }

    @Deactivate
    void close() {
        registry.close();
    }
}
