/**
 * The RTSP server, named by its object chain: {@link io.strom.rtsp.internal.RtspServer} (listener,
 * {@code ProtocolServer} service) → {@link io.strom.rtsp.internal.RtspConn} (one TCP connection,
 * method dispatch) → {@link io.strom.rtsp.internal.RtspSession} (publishing or reading one path).
 * {@link io.strom.rtsp.internal.RtspDecoder} splits the byte stream into requests and
 * interleaved RTP/RTCP frames; bad input becomes an invalid request answered with 400.
 */
package io.strom.rtsp.internal;
