/**
 * The ICE transport SPI used by the WebRTC bundle: an
 * {@link io.strom.api.ice.IceTransportFactory} creates one {@link io.strom.api.ice.IceTransport} per
 * peer connection. Implementations (full ICE on ice4j, ICE-lite on one shared port) stay behind it.
 */
@Export
@Version("0.1.0")
package io.strom.api.ice;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
