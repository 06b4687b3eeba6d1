/**
 * Full ICE on ice4j behind {@link io.strom.api.ice.IceTransportFactory}: one ice4j agent per peer
 * connection, host candidates on one shared UDP port per listed address (and optionally passive
 * TCP), relay candidates allocated per session from its own UDP socket when TURN servers are
 * configured, media pushed from ice4j's harvester thread (pulled by one thread for TCP and relayed
 * pairs), and remote mDNS candidates either ignored or resolved through a cached, rate-limited
 * resolver.
 */
package io.strom.ice.internal;
