package io.strom.rtmp.internal;

/**
 * A malformed or unsupported FLV audio or video message body. Checked, so the RTMP session
 * decides what a bad message costs (dropping it, or closing the publisher) instead of an
 * unchecked exception escaping into the pipeline.
 */
public final class FlvException extends Exception {

    private static final long serialVersionUID = 1L;

    public FlvException(String message) {
        super(message);
    }
}
