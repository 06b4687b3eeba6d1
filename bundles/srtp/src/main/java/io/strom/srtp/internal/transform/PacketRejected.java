package io.strom.srtp.internal.transform;

import io.strom.api.srtp.SrtpException;

/**
 * An {@link SrtpException} without a stack trace: forged, replayed or truncated packets can arrive
 * at line rate, the caller only counts and drops them, and the message says why.
 */
final class PacketRejected extends SrtpException {

    private static final long serialVersionUID = 1L;

    PacketRejected(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
