package io.strom.ice.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;

/**
 * Run in a child JVM inside a network namespace whose only interface is loopback: JmDNS answers
 * for its host name on 127.0.0.1, and the resolver asks for it through {@link MulticastMdnsQuery}.
 * Prints {@code resolved <address> queries <n>}.
 */
public final class MdnsLoopbackProbe {

    private MdnsLoopbackProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (JmDNS responder = JmDNS.create(InetAddress.getLoopbackAddress(), "strom-probe");
                MulticastMdnsQuery query = new MulticastMdnsQuery(Duration.ofSeconds(2));
                MdnsResolver resolver = new MdnsResolver(query, System::nanoTime, 10, Duration.ofMinutes(2),
                        Duration.ofSeconds(1))) {
            String name = responder.getHostName();
            name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            InetAddress answer = null;
            for (int attempt = 0; attempt < 3 && answer == null; attempt++) {
                try {
                    answer = resolver.resolve(name).get(3, TimeUnit.SECONDS);
                } catch (Exception e) {
                    Thread.sleep(1100); // JmDNS may still be probing its name; the failure is cached 1 s
                }
            }
            System.out.println("resolved " + (answer == null ? "none" : answer.getHostAddress()) + " queries "
                    + resolver.queries());
        }
        System.exit(0);
    }
}
