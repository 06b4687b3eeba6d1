/**
 * The {@link io.strom.api.netif.InterfaceDiscovery} SPI: the host addresses offered as ICE
 * candidates, enumerated off the signalling path and cached.
 */
@Export
@Version("0.1.0")
package io.strom.api.netif;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
