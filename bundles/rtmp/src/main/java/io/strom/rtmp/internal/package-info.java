/**
 * The RTMP server: the handshake and chunk stream (Netty codecs), AMF0 commands, and FLV tags
 * turned into the stream core's access units and back, through the {@code codec} bundle.
 */
package io.strom.rtmp.internal;
