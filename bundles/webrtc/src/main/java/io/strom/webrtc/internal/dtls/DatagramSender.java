package io.strom.webrtc.internal.dtls;

/**
 * Sends one DTLS datagram towards the peer, normally through the ICE transport's selected pair.
 *
 * <p>The array is only borrowed for the duration of the call: an implementation that sends
 * asynchronously must copy it. An exception thrown here fails the handshake (or the established
 * connection) with that exception's message.
 */
@FunctionalInterface
public interface DatagramSender {
    void send(byte[] data, int off, int len);
}
