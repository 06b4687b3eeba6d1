/**
 * Media logic shared by every protocol bundle: SDP parsing and writing mapped onto the
 * {@link io.strom.api.media.MediaDescription} model ({@link io.strom.codec.Sdp}), RTP header access
 * on buffers without copying ({@link io.strom.codec.RtpPackets}), the mapping between RTP encoding
 * names and Strom's codec names ({@link io.strom.codec.RtpEncodings}), H264 payload inspection
 * ({@link io.strom.codec.H264Payloads}), and the depacketizers and packetizers of each payload
 * format ({@link io.strom.codec.RtpFormats}), with the MPEG-4 audio configurations muxers need
 * ({@link io.strom.codec.AudioSpecificConfig}). Malformed input is reported as a value or a typed
 * exception, never as an unchecked exception escaping into a pipeline.
 */
@Export
@Version("0.3.0")
package io.strom.codec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
