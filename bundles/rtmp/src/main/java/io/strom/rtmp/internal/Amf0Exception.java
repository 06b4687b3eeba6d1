package io.strom.rtmp.internal;

/**
 * AMF0 input that cannot be decoded: an unknown or unsupported type marker, a value cut short, or
 * a structure beyond {@link Amf0}'s limits.
 *
 * <p>Unchecked, because it is raised deep inside recursive decoding called from Netty handlers,
 * where every caller does the same thing with it: drop the message (or the connection) and log
 * the reason. The offset is the buffer index of the value that failed; the marker is its type
 * marker, or -1 when the failure was not about one (input ended before it, or a command's shape).
 */
final class Amf0Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final int marker;

    Amf0Exception(int offset, int marker, String reason) {
        super("AMF0 at offset " + offset + (marker < 0 ? "" : String.format(", marker 0x%02x", marker)) + ": " + reason);
        this.offset = offset;
        this.marker = marker;
    }

    /** The buffer index where the failing value starts. */
    int offset() {
        return offset;
    }

    /** The type marker of the failing value, or -1 when there was none to blame. */
    int marker() {
        return marker;
    }
}
