package io.strom.netif.internal;

import static io.strom.netif.internal.FakeNetwork.ip;
import static io.strom.netif.internal.FakeNetwork.nic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class CachedInterfaceDiscoveryTest {

    private static final long BOUND_MILLIS = 5_000;

    private final FakeNetwork network = new FakeNetwork(
            nic("lo", true, "127.0.0.1", "::1"),
            nic("eth0", true, "fe80::1%2", "2001:db8::10%2", "192.0.2.10"),
            nic("eth1", false, "198.51.100.7"));

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BOUND_MILLIS + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void fiftyCallsCostOneEnumerationAndShareOneList() {
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(new TestConfig(), network, network);
        try {
            List<InetAddress> first = d.hostAddresses();
            network.interfaces = List.of(nic("eth0", true, "192.0.2.99"));
            for (int i = 0; i < 50; i++) {
                assertSame(first, d.hostAddresses());
            }
            assertEquals(1, network.enumerated.get());
            assertEquals(1, d.enumerations());
            assertEquals(List.of(ip("192.0.2.10"), ip("2001:db8::10")), first,
                    "IPv4 first; loopback, link-local and the down eth1 skipped");
            assertEquals("2001:db8:0:0:0:0:0:10", first.get(1).getHostAddress(), "no scope id for the SDP");
        } finally {
            d.close();
        }
    }

    @Test
    void aNetworkChangeShowsWithinOneTtl() throws Exception {
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(new TestConfig().ttl(0.2), network, network);
        try {
            network.interfaces = List.of(nic("eth0", true, "192.0.2.99"));
            await("the new address", () -> d.hostAddresses().equals(List.of(ip("192.0.2.99"))));
            assertTrue(d.enumerations() >= 2);
        } finally {
            d.close();
        }
    }

    @Test
    void refreshesRunOnTheBackgroundThreadAndCloseStopsIt() throws Exception {
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(new TestConfig().ttl(0.2), network, network);
        await("a background refresh", () -> network.enumerated.get() >= 2);
        d.close();
        List<Thread> background = network.enumeratingThreads.stream()
                .filter(t -> t.getName().equals(CachedInterfaceDiscovery.THREAD_NAME)).toList();
        assertEquals(1, background.size(), "one refresh thread");
        Thread refresher = background.get(0);
        assertTrue(refresher.isDaemon());
        refresher.join(BOUND_MILLIS);
        assertFalse(refresher.isAlive(), "close stopped the refresh thread");
        int after = network.enumerated.get();
        Thread.sleep(500);
        assertEquals(after, network.enumerated.get(), "no refresh after close");
    }

    @Test
    void anUnresolvableHostIsSkippedAndRetriedAtTheNextRefresh() throws Exception {
        network.dns.put("media.example", new InetAddress[] {ip("203.0.113.5"), ip("2001:db8::5")});
        TestConfig config = new TestConfig().ttl(0.2).hosts("203.0.113.1", "nowhere.invalid", "media.example");
        network.dns.put("203.0.113.1", new InetAddress[] {ip("203.0.113.1")});
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(config, network, network);
        try {
            assertEquals(List.of(ip("192.0.2.10"), ip("2001:db8::10"), ip("203.0.113.1"), ip("203.0.113.5"),
                    ip("2001:db8::5")), d.hostAddresses());
            network.dns.put("nowhere.invalid", new InetAddress[] {ip("203.0.113.9")});
            await("the name resolving at a later refresh", () -> d.hostAddresses().contains(ip("203.0.113.9")));
            assertEquals(ip("203.0.113.9"), d.hostAddresses().get(3), "in configured order");
        } finally {
            d.close();
        }
    }

    @Test
    void ipv6FalseDropsIpv6FromInterfacesAndHosts() {
        network.dns.put("media.example", new InetAddress[] {ip("2001:db8::5"), ip("203.0.113.5")});
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(new TestConfig().ipv6(false).hosts("media.example"),
                network, network);
        try {
            assertEquals(List.of(ip("192.0.2.10"), ip("203.0.113.5")), d.hostAddresses());
        } finally {
            d.close();
        }
    }

    @Test
    void hostsOnlyWithoutInterfacesNeverEnumerates() {
        network.dns.put("203.0.113.1", new InetAddress[] {ip("203.0.113.1")});
        TestConfig config = new TestConfig().hosts("203.0.113.1");
        config.fromInterfaces = false;
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(config, network, network);
        try {
            assertEquals(List.of(ip("203.0.113.1")), d.hostAddresses());
            assertEquals(0, d.enumerations());
        } finally {
            d.close();
        }
    }

    @Test
    void ttlZeroEnumeratesOnEveryCall() {
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(new TestConfig().ttl(0), network, network);
        try {
            long atStart = d.enumerations();
            for (int i = 0; i < 10; i++) {
                d.hostAddresses();
            }
            assertEquals(atStart + 10, d.enumerations());
            network.interfaces = List.of(nic("eth0", true, "192.0.2.99"));
            assertEquals(List.of(ip("192.0.2.99")), d.hostAddresses(), "seen at once, no cache");
        } finally {
            d.close();
        }
    }

    @Test
    void modifiedAppliesAtOnceAndARefusedValueKeepsThePreviousConfiguration() throws Exception {
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(new TestConfig(), network, network);
        try {
            d.modified(new TestConfig().interfaces("lo"));
            assertEquals(List.of(ip("127.0.0.1"), ip("::1")), d.hostAddresses());
            int enumerated = network.enumerated.get();
            d.modified(new TestConfig().ttl(-1));
            d.modified(new TestConfig().interfaces("eth0", " "));
            d.modified(new TestConfig().hosts(""));
            assertEquals(enumerated, network.enumerated.get(), "a refused configuration does not refresh");
            assertEquals(List.of(ip("127.0.0.1"), ip("::1")), d.hostAddresses(), "still restricted to lo");
            d.modified(new TestConfig().interfaces("lo").ttl(0.2));
            network.interfaces = List.of(nic("lo", true, "127.0.0.1"));
            await("the new ttl's schedule", () -> d.hostAddresses().equals(List.of(ip("127.0.0.1"))));
        } finally {
            d.close();
        }
    }

    @Test
    void invalidValuesNameTheirAttribute() {
        assertRefused("ttl:", new TestConfig().ttl(-1));
        assertRefused("ttl:", new TestConfig().ttl(0.01));
        assertRefused("ttl:", new TestConfig().ttl(Double.NaN));
        assertRefused("webrtcIPsFromInterfacesList[1]:", new TestConfig().interfaces("eth0", ""));
        assertRefused("webrtcAdditionalHosts[0]:", new TestConfig().hosts("  "));
    }

    private static void assertRefused(String prefix, TestConfig config) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetifSettings.from(config));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }

    @Test
    void aFailedEnumerationKeepsThePreviousAddresses() {
        List<InetAddress> before;
        boolean[] fail = {false};
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(new TestConfig(), () -> {
            if (fail[0]) {
                throw new java.net.SocketException("netlink gone");
            }
            return network.enumerate();
        }, network);
        try {
            before = d.hostAddresses();
            fail[0] = true;
            d.modified(new TestConfig());
            assertEquals(before, d.hostAddresses());
            assertEquals(1, d.enumerationFailures.sum());
        } finally {
            d.close();
        }
    }

    @Test
    void listingLoRestrictsToLoopbackOnThisMachine() {
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(new TestConfig().interfaces("lo").ipv6(false));
        try {
            assertEquals(List.of(ip("127.0.0.1")), d.hostAddresses());
        } finally {
            d.close();
        }
        CachedInterfaceDiscovery withIpv6 = new CachedInterfaceDiscovery(new TestConfig().interfaces("lo"));
        try {
            List<InetAddress> addresses = withIpv6.hostAddresses();
            assertEquals(ip("127.0.0.1"), addresses.get(0));
            assertTrue(addresses.stream().allMatch(InetAddress::isLoopbackAddress), addresses.toString());
        } finally {
            withIpv6.close();
        }
    }

    @Test
    void theSystemDefaultOffersNoLoopbackAddress() {
        CachedInterfaceDiscovery d = new CachedInterfaceDiscovery(new TestConfig());
        try {
            assertTrue(d.hostAddresses().stream().noneMatch(InetAddress::isLoopbackAddress), d.hostAddresses().toString());
            assertTrue(d.hostAddresses().stream().noneMatch(InetAddress::isLinkLocalAddress), d.hostAddresses().toString());
            assertEquals(1, d.enumerations());
        } finally {
            d.close();
        }
    }
}
