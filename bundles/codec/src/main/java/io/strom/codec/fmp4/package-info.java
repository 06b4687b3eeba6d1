/**
 * Fragmented MP4 (ISO/IEC 14496-12) writing, as HLS and a recorder use it: an initialization
 * segment ({@code ftyp} + {@code moov} with one sample entry per track, built by
 * {@link io.strom.codec.fmp4.Fmp4Init}) and media fragments ({@code moof} + {@code mdat}, built by
 * {@link io.strom.codec.fmp4.Fmp4Fragment}) from access units in Strom's layout
 * ({@link io.strom.codec.RtpFormats}). Stateless writers: the caller decides where a fragment
 * starts and ends and how long each sample lasts.
 */
@Export
@Version("0.1.0")
package io.strom.codec.fmp4;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
