/**
 * The {@link io.strom.api.protocol.ProtocolServer} SPI: what a protocol bundle (RTSP, RTMP,
 * HLS, SRT, WebRTC or a third-party plugin) registers so that the control API and console can
 * list its listeners and sessions and kick a session.
 */
@Export
@Version("0.2.0")
package io.strom.api.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
