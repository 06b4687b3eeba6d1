package io.strom.api.netif;

import java.net.InetAddress;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The host addresses to offer as ICE candidates. {@link #hostAddresses()} answers from a cache
 * that is refreshed in the background, so it never enumerates interfaces or resolves names on
 * the caller's thread.
 */
@ConsumerType
public interface InterfaceDiscovery {

    /** The current addresses, in preference order. */
    List<InetAddress> hostAddresses();

    /** How many times interfaces were really enumerated since start (for tests and metrics). */
    long enumerations();
}
