package io.strom.srtp.internal.registry;

import io.strom.api.srtp.SrtpCipherSuite;
import java.util.Map;

/** Registers suites as services: the BundleContext in a framework, a map in tests. */
public interface ServicePublisher {

    Registration register(SrtpCipherSuite suite, Map<String, Object> properties);

    /** One registered service. */
    interface Registration {

        void setProperties(Map<String, Object> properties);

        void unregister();
    }
}
