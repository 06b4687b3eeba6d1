package io.strom.api.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration change that was refused; nothing of it was applied. The message says what is
 * wrong with every field at fault (never a password).
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the change was refused. */
    public enum Reason {
        /** A value or key is not valid: {@link #fields()} names them. */
        INVALID,
        /** The named path configuration does not exist. */
        NOT_FOUND,
        /** A path configuration with that name already exists. */
        EXISTS
    }

    private final Reason reason;
    private final List<String> fields;

    public ConfigException(Reason reason, String message, List<String> fields) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.fields = List.copyOf(fields);
    }

    public Reason reason() {
        return reason;
    }

    /** The keys at fault ({@code rtspAddress}, {@code maxReaders}), in the order they were checked. */
    public List<String> fields() {
        return fields;
    }
}
