/**
 * Host-address discovery for ICE: the network interfaces are enumerated and additional host names
 * resolved at activation and then on one background thread every TTL, so a WebRTC offer or answer
 * only reads a cached, immutable list. MediaMTX enumerated on every offer and answer, which took
 * over half of its CPU under load; this bundle exists to never do that.
 */
package io.strom.netif.internal;
