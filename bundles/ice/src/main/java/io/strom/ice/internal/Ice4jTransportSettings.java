package io.strom.ice.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every transport of one factory shares.
 *
 * @param timer            the factory's one timer thread (handshake timeout, consent checks)
 * @param handshakeTimeout how long connectivity may take before {@code onFailed("ICE timeout")}
 * @param tcp              whether remote TCP candidates are used
 * @param mdns             the resolver for remote {@code .local} candidates, or {@code null} to ignore them
 * @param counters         drop and error counts
 */
record Ice4jTransportSettings(ScheduledExecutorService timer, Duration handshakeTimeout, boolean tcp,
        MdnsResolver mdns, IceCounters counters) {
}
