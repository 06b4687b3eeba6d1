package io.strom.ice.internal;

import java.util.concurrent.Callable;
import org.ice4j.StackProperties;
import org.ice4j.ice.Agent;
import org.ice4j.stack.StunClientTransaction;

/**
 * What ice4j needs from its surroundings. ice4j reads its typesafe-config {@code reference.conf}
 * through the thread context class loader, which inside OSGi is not ice4j's: every first touch of
 * an ice4j class that loads configuration runs here with the loader swapped. Its cloud mapping
 * harvester would probe a metadata address at first use, so it is turned off before that.
 */
final class Ice4jEnvironment {

    private Ice4jEnvironment() {
    }

    /** Runs {@code work} with ice4j's class loader as the context class loader. */
    static <T> T call(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Agent.class.getClassLoader());
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Sets ice4j's defaults that must hold before its configuration is first read; a value
     * already given on the command line wins.
     */
    static void configureDefaults() {
        // No AWS metadata probe: mapped addresses come from webrtcICEServers2 only.
        System.getProperties().putIfAbsent("ice4j.harvest.mapping.aws.enabled", "false");
        System.getProperties().putIfAbsent("ice4j.harvest.mapping.aws.force", "false");
        // ice4j's STUN/TURN harvester constructor shortens every later STUN transaction of the JVM
        // (connectivity checks included) to 3 retransmissions unless these are set: keep ice4j's
        // own transaction defaults; the TURN gathering has its own deadline.
        System.getProperties().putIfAbsent(StackProperties.MAX_CTRAN_RETRANSMISSIONS,
                String.valueOf(StunClientTransaction.DEFAULT_MAX_RETRANSMISSIONS));
        System.getProperties().putIfAbsent(StackProperties.MAX_CTRAN_RETRANS_TIMER,
                String.valueOf(StunClientTransaction.DEFAULT_MAX_WAIT_INTERVAL));
    }
}
