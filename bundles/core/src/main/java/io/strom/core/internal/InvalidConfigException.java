package io.strom.core.internal;

/** A configuration value that cannot be used; the message names the field. */
final class InvalidConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidConfigException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    String field() {
        return field;
    }
}
