package io.strom.api.path;

/** A path request that cannot be served; {@link #reason()} says why, so protocols can map it to a status. */
public class PathException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** The name is not a valid path name. */
        INVALID_NAME,
        /** No path configuration matches the name. */
        NOT_CONFIGURED,
        /** Nothing is published on the path. */
        NO_PUBLISHER,
        /** Someone publishes already and the path does not allow overriding. */
        PUBLISHER_EXISTS,
        /** The path has {@code maxReaders} readers already. */
        MAX_READERS,
        /** The request itself is malformed (for example units for tracks that do not exist). */
        BAD_REQUEST,
        /** The core is shutting down. */
        UNAVAILABLE
    }

    private final Reason reason;

    public PathException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
