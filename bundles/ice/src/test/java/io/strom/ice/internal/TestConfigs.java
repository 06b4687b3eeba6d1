package io.strom.ice.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link Ice4jTransportFactory.Config} with the declared defaults, overridden by {@code values}. */
final class TestConfigs {

    private TestConfigs() {
    }

    static Ice4jTransportFactory.Config config(Map<String, Object> values) {
        return (Ice4jTransportFactory.Config) Proxy.newProxyInstance(TestConfigs.class.getClassLoader(),
                new Class<?>[] {Ice4jTransportFactory.Config.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return Ice4jTransportFactory.Config.class;
                    }
                    return method.getDefaultValue();
                });
    }

    /** An active factory on loopback with an ephemeral shared port and {@code values} on top. */
    static Ice4jTransportFactory loopbackFactory(Map<String, Object> values) throws Exception {
        Ice4jTransportFactory factory = new Ice4jTransportFactory();
        factory.discovery = new LoopbackDiscovery();
        java.util.Map<String, Object> all = new java.util.HashMap<>(Map.of("webrtcLocalUDPAddress", ":0"));
        all.putAll(values);
        factory.activate(config(all));
        return factory;
    }
}
