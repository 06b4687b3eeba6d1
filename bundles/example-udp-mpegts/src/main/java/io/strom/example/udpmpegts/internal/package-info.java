/**
 * An example protocol plugin: MPEG-TS over UDP into a Strom path, as MediaMTX's
 * {@code source: udp://...}. Read it in the order the bytes flow: {@link
 * io.strom.example.udpmpegts.internal.UdpMpegtsSource} (the DS component and its UDP socket),
 * {@link io.strom.example.udpmpegts.internal.TsDatagramHandler} (datagrams into 188-byte packets),
 * {@link io.strom.example.udpmpegts.internal.TsDemuxer} (PAT, PMT and PES reassembly), the
 * {@link io.strom.example.udpmpegts.internal.TrackReader}s (PES payloads into access units) and
 * {@link io.strom.example.udpmpegts.internal.TsToStream} (access units into the path). Nothing
 * here is exported: a plugin offers services, never packages.
 */
package io.strom.example.udpmpegts.internal;
