/**
 * The media model shared by every protocol: a {@link io.strom.api.media.MediaDescription} of
 * {@link io.strom.api.media.Track}s, each with one {@link io.strom.api.media.Format}, and the
 * reference-counted {@link io.strom.api.media.Unit} that carries RTP packets and/or an access unit
 * from a publisher to every reader without copying.
 */
@Export
@Version("0.1.0")
package io.strom.api.media;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
