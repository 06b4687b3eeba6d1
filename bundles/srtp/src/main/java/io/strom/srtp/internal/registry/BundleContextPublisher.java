package io.strom.srtp.internal.registry;

import io.strom.api.srtp.SrtpCipherSuite;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Registers suites through a bundle's context. */
public final class BundleContextPublisher implements ServicePublisher {

    private final BundleContext context;

    public BundleContextPublisher(BundleContext context) {
        this.context = context;
    }

    @Override
    public Registration register(SrtpCipherSuite suite, Map<String, Object> properties) {
        ServiceRegistration<SrtpCipherSuite> reg = context.registerService(SrtpCipherSuite.class, suite,
                new Hashtable<>(properties));
        return new Registration() {
            @Override
            public void setProperties(Map<String, Object> p) {
                reg.setProperties(new Hashtable<>(p));
            }

            @Override
            public void unregister() {
                try {
                    reg.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // The framework unregisters a stopping bundle's services itself.
                }
            }
        };
    }
}
