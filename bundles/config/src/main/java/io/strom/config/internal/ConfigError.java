package io.strom.config.internal;

/** One thing wrong with a configuration; the message names the key, {@link #field()} is that key. */
final class ConfigError extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    ConfigError(String message) {
        this(null, message);
    }

    ConfigError(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The key at fault as written ({@code rtspAddress}, {@code paths.cam1.maxReaders}), or null for the whole file. */
    String field() {
        return field;
    }
}
