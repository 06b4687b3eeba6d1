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
import java.util.Arrays;
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
    private final String threadPrefix;

    ProtocolBundleCycle(BundleContext context, String protocol, String threadPrefix) {
        this.context = context;
        this.protocol = protocol;
        this.threadPrefix = threadPrefix;
    }

    /** The protocol server's first listen address, or null while it is not registered. */
    InetSocketAddress address() {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(ProtocolServer.class.getName(), "(" + ProtocolServer.PROTOCOL + "=" + protocol + ")");
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        return refs == null ? null : ((ProtocolServer) context.getService(refs[0])).listenAddresses().get(0);
    }

    private boolean threadsRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(threadPrefix));
    }

    private static void connect(InetSocketAddress address) throws IOException {
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

        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals(bsn))
                .findFirst().orElseThrow();
        bundle.stop();
        assertEquals(null, address());
        try (ServerSocket again = new ServerSocket()) {
            again.bind(before); // the port is free again
        } catch (IOException e) {
            throw new AssertionError("port " + before + " still taken after stop", e);
        }
        whileStopped.check();
        Await.until("the " + protocol + " event loop threads are gone", () -> !threadsRunning());
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
