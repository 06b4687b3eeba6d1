package io.strom.api.srtp;

/** A packet failed authentication, was replayed, or is too short; the caller counts and drops it. */
public class SrtpException extends Exception {

    private static final long serialVersionUID = 1L;

    public SrtpException(String message) {
        super(message);
    }
}
