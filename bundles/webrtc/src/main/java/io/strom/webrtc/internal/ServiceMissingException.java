package io.strom.webrtc.internal;

/** A service a new session needs is not registered; WHEP answers 503 with the message. */
final class ServiceMissingException extends Exception {
    private static final long serialVersionUID = 1L;

    ServiceMissingException(String message) {
        super(message);
    }
}
