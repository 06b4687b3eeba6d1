package io.strom.config.internal;

import java.util.function.Predicate;

/**
 * One strom.yml key: where its value goes in ConfigAdmin and what it may be.
 *
 * @param key       the YAML key (MediaMTX's name)
 * @param pid       the PID it is written to
 * @param property  the property name in that PID (the key itself, except for mapped keys)
 * @param type      the value's kind
 * @param check     a further check on the converted value, or null
 * @param rule      what {@code check} demands, for the error message
 */
record KeySpec(String key, String pid, String property, ValueType type, Predicate<Object> check, String rule) {

    static KeySpec of(String key, String pid, ValueType type) {
        return new KeySpec(key, pid, key, type, null, null);
    }

    KeySpec requiring(String rule, Predicate<Object> check) {
        return new KeySpec(key, pid, property, type, check, rule);
    }

    /** The ConfigAdmin value for the YAML value {@code v}, or a message naming this key. */
    Object convert(String keyPath, Object v) throws ConfigError {
        try {
            Object converted = type.convert(v);
            if (check != null && !check.test(converted)) {
                throw new ValueType.BadValue(ValueType.show(v) + " is not " + rule);
            }
            return converted;
        } catch (ValueType.BadValue e) {
            throw new ConfigError(keyPath, "invalid value for '" + keyPath + "': " + e.getMessage());
        }
    }
}
