package io.strom.config.internal;

/** One thing wrong with a configuration file; the message names the key. */
final class ConfigError extends Exception {

    private static final long serialVersionUID = 1L;

    ConfigError(String message) {
        super(message);
    }
}
