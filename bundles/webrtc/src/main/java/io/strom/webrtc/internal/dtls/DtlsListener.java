package io.strom.webrtc.internal.dtls;

/**
 * What a {@link DtlsServer} reports, at most one terminal event ({@link #onFailed} or
 * {@link #onClosed}) after at most one {@link #onHandshakeComplete}.
 *
 * <p>Handshake outcomes are reported on the handshake executor's thread; events after the
 * handshake on the thread that called {@link DtlsServer#receive}. Nothing is reported after the
 * owner called {@link DtlsServer#close()}. Calls are made while the server holds its lock, so they
 * must not block (inbound DTLS of this connection waits meanwhile); calling
 * {@link DtlsServer#close()} from them is fine.
 */
public interface DtlsListener {

    /** The handshake finished, the peer's fingerprint matched and SRTP keys are ready. */
    void onHandshakeComplete(DtlsResult result);

    /** The handshake or the established connection failed; {@code reason} says why, for logs. */
    void onFailed(String reason);

    /** The peer closed the established connection with a close_notify alert. */
    void onClosed();
}
