package io.strom.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Stops and starts one protocol bundle inside the framework and checks what a swap must
 * guarantee: its TCP listener and event-loop threads are gone after stop, the core is untouched,
 * and after start it listens again.
 */
final class ProtocolBundleCycle {

    private final BundleContext context;
    private final String protocol;
    private final List<String> threadPrefixes;

    /** {@code threadPrefixes}: the names of every kind of thread the bundle starts. */
    ProtocolBundleCycle(BundleContext context, String protocol, String... threadPrefixes) {
        this.context = context;
        this.protocol = protocol;
        this.threadPrefixes = List.of(threadPrefixes);
    }

    /** The protocol server's first listen address, or null while it is not registered. */
    InetSocketAddress address() {
        return listenAddress(context, protocol);
    }

    /** The first listen address of the {@code protocol} server, or null while it is not registered. */
    static InetSocketAddress listenAddress(BundleContext context, String protocol) {
        ProtocolServer server = server(context, protocol);
        return server == null ? null : server.listenAddresses().get(0);
    }

    /** The {@code protocol} server, or null while it is not registered. */
    static ProtocolServer server(BundleContext context, String protocol) {
        ServiceReference<?> ref = reference(context, protocol);
        return ref == null ? null : (ProtocolServer) context.getService(ref);
    }

    /** The {@code protocol} server's registration, or null. */
    static ServiceReference<?> reference(BundleContext context, String protocol) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(ProtocolServer.class.getName(),
                    "(" + ProtocolServer.PROTOCOL + "=" + protocol + ")");
            return refs == null ? null : refs[0];
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether a thread whose name starts with one of {@code prefixes} is alive. */
    static boolean threadsRunning(List<String> prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> prefixes.stream().anyMatch(p -> t.getName().startsWith(p)));
    }

    static void connect(InetSocketAddress address) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), address.getPort())) {
            assertTrue(s.isConnected());
        }
    }

    /**
     * Runs the cycle on bundle {@code bsn}; {@code whileStopped} checks further resources the
     * bundle must have freed (UDP ports, say).
     */
    void run(String bsn, PathManager pathManager, Check whileStopped) throws Exception {
        Await.until("the " + protocol + " server is registered", () -> address() != null);
        InetSocketAddress before = address();
        assertTrue("loopback only in tests", before.getAddress().isLoopbackAddress());
        connect(before);

        Bundle bundle = Bundles.named(context, bsn);
        bundle.stop();
        assertEquals(null, address());
        try (ServerSocket again = new ServerSocket()) {
            again.bind(before); // the port is free again
        } catch (IOException e) {
            throw new AssertionError("port " + before + " still taken after stop", e);
        }
        whileStopped.check();
        Await.until("the " + protocol + " event loop threads are gone", () -> !threadsRunning(threadPrefixes));
        assertNotNull("the core is untouched", pathManager.paths());

        bundle.start();
        Await.until("the " + protocol + " server is back", () -> address() != null);
        connect(address());
    }

    /** A further check that may throw. */
    interface Check {
        void check() throws Exception;
    }
}
