package io.strom.control.internal;

/** A request the API refuses, with the HTTP status it answers and the reason it gives. */
final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    final int status;
    /** The methods the route accepts, for a 405's {@code Allow} header; null otherwise. */
    final String allow;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    ApiException(int status, String message, String allow) {
        super(message);
        this.status = status;
        this.allow = allow;
    }

    static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }
}
