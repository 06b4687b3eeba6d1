package io.strom.srtp.internal.registry;

/** A configuration attribute with a value that cannot be applied; the message names both. */
public final class InvalidSettingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String attribute;

    InvalidSettingException(String attribute, String value, String reason) {
        super(attribute + ": '" + value + "' " + reason);
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }
}
