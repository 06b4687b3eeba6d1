package io.strom.it.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options shared by every OSGi integration test: the exact bundle set of the runtime
 * jar ({@code runtime/target/strom.jar}), with its start levels, read from the jar's
 * {@code launcher.properties}. So the tests run what {@code ./strom run} runs, minus the launcher.
 */
final class StromOptions {

    private StromOptions() {
    }

    /** The runtime's bundles and framework settings; Jetty stays off, FileInstall watches a temp dir. */
    static Option runtime(Path stromYml) {
        List<Option> options = new ArrayList<>();
        options.add(junitBundles());
        // Pax Exam brings pax-logging, whose fallback logger prints every DEBUG line otherwise.
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(frameworkStartLevel(20));
        options.add(frameworkProperty("org.apache.felix.http.enable").value("false"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(tempDir("deploy").toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("500"));
        options.add(frameworkProperty("strom.config.pollMillis").value("200"));
        // Protocol listeners on loopback and ephemeral ports: tests never take a default port.
        Path yml = stromYml != null ? stromYml : writeYml(LISTENERS);
        options.add(frameworkProperty("strom.config").value(yml.toString()));
        options.addAll(runtimeBundles());
        return composite(options.toArray(Option[]::new));
    }

    private static List<Option> runtimeBundles() {
        Path jar = Path.of(System.getProperty("strom.runtime.jar", "../../runtime/target/strom.jar"));
        Path dir = Path.of(System.getProperty("strom.bundles.dir", "target/bundles"));
        List<Option> bundles = new ArrayList<>();
        try (JarFile runtime = new JarFile(jar.toFile())) {
            Properties launch = new Properties();
            try (InputStream in = runtime.getInputStream(runtime.getEntry("launcher.properties"))) {
                launch.load(in);
            }
            String[] paths = launch.getProperty("launch.bundles").split(",");
            String[] attrs = launch.getProperty("launch.runbundles.attrs").split(",(?=[^,;]+;version)");
            Files.createDirectories(dir);
            for (int i = 0; i < paths.length; i++) {
                ZipEntry entry = runtime.getEntry(paths[i]);
                Path file = dir.resolve(Path.of(paths[i]).getFileName().toString());
                try (InputStream in = runtime.getInputStream(entry)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                boolean fragment = isFragment(file);
                bundles.add(bundle(file.toUri().toString()).startLevel(startLevel(attrs[i])).start(!fragment));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runtime jar " + jar + " (build it with ./strom build)", e);
        }
        return bundles;
    }

    private static int startLevel(String attrs) {
        for (String part : attrs.split(";")) {
            if (part.startsWith("startlevel=")) {
                return Integer.parseInt(part.substring("startlevel=".length()));
            }
        }
        return 10;
    }

    private static boolean isFragment(Path bundle) throws IOException {
        try (JarFile jar = new JarFile(bundle.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    /**
     * The RTSP server's UDP RTP port in tests (RTCP is the next one). Derived from the process id,
     * not chosen at random, because the test probe loads this class again inside the framework
     * and must compute the same ports.
     */
    static final int RTP_PORT = 30000 + (int) (ProcessHandle.current().pid() % 10000) * 2;

    /**
     * The shared ICE UDP port in tests. Chosen once per JVM by binding an ephemeral port and
     * kept in a system property, because the test probe loads this class again inside the
     * framework (same JVM) and must see the same port.
     */
    static final int ICE_UDP_PORT = sharedFreeUdpPort("strom.it.iceUdpPort");

    /** The protocol listeners, every one on loopback; WHEP on an ephemeral port. */
    static final String PROTOCOL_LISTENERS = "rtspAddress: 127.0.0.1:0\nrtpAddress: 127.0.0.1:" + RTP_PORT
            + "\nrtcpAddress: 127.0.0.1:" + (RTP_PORT + 1) + "\nrtmpAddress: 127.0.0.1:0\nwebrtcAddress: 127.0.0.1:0\n"
            + "hlsAddress: 127.0.0.1:0\n";

    /**
     * WebRTC confined to loopback: no interface addresses (eth0 carries a routable one here),
     * 127.0.0.1 as the only host candidate, and ICE's shared UDP port bound on 127.0.0.1 only.
     */
    static final String WEBRTC_LOOPBACK = "webrtcIPsFromInterfaces: false\nwebrtcAdditionalHosts: [127.0.0.1]\n"
            + "webrtcLocalUDPAddress: 127.0.0.1:" + ICE_UDP_PORT + "\n";

    /** The strom.yml lines every OSGi test starts from: every listener on loopback. */
    static final String LISTENERS = PROTOCOL_LISTENERS + WEBRTC_LOOPBACK;

    private static int sharedFreeUdpPort(String property) {
        synchronized (System.getProperties()) {
            String chosen = System.getProperty(property);
            if (chosen == null) {
                try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    chosen = Integer.toString(probe.getLocalPort());
                } catch (IOException e) {
                    throw new UncheckedIOException("no free UDP port on loopback", e);
                }
                System.setProperty(property, chosen);
            }
            return Integer.parseInt(chosen);
        }
    }

    /** A strom.yml in a new temporary folder. */
    static Path writeYml(String content) {
        try {
            Path file = tempDir("config").resolve("strom.yml");
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory("strom-it-" + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
