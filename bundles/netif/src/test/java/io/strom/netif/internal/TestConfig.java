package io.strom.netif.internal;

import java.lang.annotation.Annotation;

/** A {@link CachedInterfaceDiscovery.Config} with the metatype defaults, changed field by field in tests. */
final class TestConfig implements CachedInterfaceDiscovery.Config {

    boolean fromInterfaces = true;
    String[] interfaces = {};
    String[] hosts = {};
    boolean ipv6 = true;
    double ttl = 30;

    TestConfig interfaces(String... names) {
        interfaces = names;
        return this;
    }

    TestConfig hosts(String... names) {
        hosts = names;
        return this;
    }

    TestConfig ttl(double seconds) {
        ttl = seconds;
        return this;
    }

    TestConfig ipv6(boolean on) {
        ipv6 = on;
        return this;
    }

    @Override
    public boolean webrtcIPsFromInterfaces() {
        return fromInterfaces;
    }

    @Override
    public String[] webrtcIPsFromInterfacesList() {
        return interfaces;
    }

    @Override
    public String[] webrtcAdditionalHosts() {
        return hosts;
    }

    @Override
    public boolean ipv6() {
        return ipv6;
    }

    @Override
    public double ttl() {
        return ttl;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return CachedInterfaceDiscovery.Config.class;
    }
}
