/**
 * ICE-lite behind {@link io.strom.api.ice.IceTransportFactory}: {@link io.strom.ice.lite.internal.LiteUdpServer}
 * owns the one shared UDP socket and its event loop, {@link io.strom.ice.lite.internal.LiteSessions}
 * finds a session by ufrag (checks) or by remote address (media), {@link io.strom.ice.lite.internal.StunResponder}
 * answers connectivity checks, and {@link io.strom.ice.lite.internal.LiteTransport} is one peer connection.
 */
package io.strom.ice.lite.internal;
