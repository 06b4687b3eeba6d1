/**
 * DTLS 1.2 server role of a WebRTC peer connection on Bouncy Castle's bctls: a self-signed
 * ECDSA certificate per bundle activation, a blocking handshake run on an executor over a
 * bounded in-memory datagram queue, the peer authenticated by its SDP fingerprint, the
 * {@code use_srtp} profile picked in the server's preference order and the SRTP keys exported
 * per RFC 5764. Nothing here touches sockets: datagrams come in through
 * {@link io.strom.webrtc.internal.dtls.DtlsServer#receive} and leave through a
 * {@link io.strom.webrtc.internal.dtls.DatagramSender}.
 */
package io.strom.webrtc.internal.dtls;
