/**
 * MPEG-TS (ISO/IEC 13818-1) writing, as HLS and a recorder use it: PAT and PMT, PES packets of
 * H264 and H265 (Annex B with access unit delimiters), AAC (ADTS) and MPEG-1/2 audio, PCR on the
 * video stream and continuity counters per PID ({@link io.strom.codec.mpegts.TsWriter}), from
 * access units in Strom's layout ({@link io.strom.codec.RtpFormats}).
 */
@Export
@Version("0.1.0")
package io.strom.codec.mpegts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
