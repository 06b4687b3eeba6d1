package io.strom.codec;

/** An SDP that cannot describe a stream; the message says which line and why. */
public class SdpException extends Exception {

    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }
}
