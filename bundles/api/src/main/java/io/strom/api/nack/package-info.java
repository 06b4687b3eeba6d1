/**
 * Retransmission SPIs: a {@link io.strom.api.nack.RetransmissionBufferFactory} makes one
 * buffer per outgoing track that retains the shared packet (never a per-reader copy); a
 * {@link io.strom.api.nack.NackGeneratorFactory} tracks loss on incoming streams.
 */
@Export
@Version("0.2.0")
package io.strom.api.nack;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
