package io.strom.ice.internal;

import java.util.concurrent.atomic.LongAdder;

/** Factory-wide counts of what was dropped or refused, for tests and later metrics. */
final class IceCounters {

    /** Datagrams received or asked to be sent before a pair was selected, or after failure/close. */
    final LongAdder droppedUnconnected = new LongAdder();
    /** Datagrams from an address other than the selected pair's remote. */
    final LongAdder droppedForeignSource = new LongAdder();
    /** Outbound datagrams larger than the send buffer. */
    final LongAdder droppedOversize = new LongAdder();
    /** Sends that failed in the socket. */
    final LongAdder sendErrors = new LongAdder();
    /** Exceptions thrown by a listener (caught so that ice4j's threads survive). */
    final LongAdder listenerErrors = new LongAdder();
    /** Remote candidates that were unusable (bad component, transport or a non-literal, non-mDNS name). */
    final LongAdder badRemoteCandidates = new LongAdder();
    /** Remote mDNS candidates skipped because {@code mdns=disabled}. */
    final LongAdder mdnsIgnored = new LongAdder();
    /** Remote mDNS candidates that could not be resolved (timeout, rate limit). */
    final LongAdder mdnsUnresolved = new LongAdder();
    /** First STUN requests from a new address naming no current session's user (dropped before ice4j). */
    final LongAdder stunUnknownUser = new LongAdder();
    /** First STUN requests from a new address whose MESSAGE-INTEGRITY is missing or wrong (dropped before ice4j). */
    final LongAdder stunBadIntegrity = new LongAdder();
    /** Per session and TURN server: no relay candidate (no answer within the bound, refused, unresolved). */
    final LongAdder turnWithoutRelay = new LongAdder();
}
