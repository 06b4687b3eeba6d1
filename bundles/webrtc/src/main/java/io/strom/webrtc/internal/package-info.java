/**
 * The WebRTC protocol bundle: WHEP signalling over HTTP, SDP answers, DTLS on Bouncy Castle,
 * and readers that send the stream's shared RTP packets over SRTP. ICE, SRTP, retransmission
 * buffers and interface discovery come in as services, looked up at each session's set-up.
 */
package io.strom.webrtc.internal;
