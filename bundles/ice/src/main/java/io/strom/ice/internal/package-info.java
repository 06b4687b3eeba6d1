/**
 * Full ICE on ice4j behind {@link io.strom.api.ice.IceTransportFactory}: one ice4j agent per peer
 * connection, host candidates on one shared UDP port per listed address (and optionally passive
 * TCP), media pushed from ice4j's harvester thread, and remote mDNS candidates either ignored or
 * resolved through a cached, rate-limited resolver.
 */
package io.strom.ice.internal;
