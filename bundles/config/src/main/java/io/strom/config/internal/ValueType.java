package io.strom.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kinds of values strom.yml keys take, each converting a YAML value into what ConfigAdmin
 * stores (Boolean, Integer, String, String[]) or explaining why it cannot.
 */
enum ValueType {
    BOOL {
        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s) {
                switch (s.trim().toLowerCase(Locale.ROOT)) {
                    case "yes", "true" -> {
                        return true;
                    }
                    case "no", "false" -> {
                        return false;
                    }
                    default -> { }
                }
            }
            throw new BadValue(show(v) + " is not yes/no or true/false");
        }
    },
    INT {
        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof Integer i) {
                return i;
            }
            if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return l.intValue();
            }
            throw new BadValue(show(v) + " is not an integer");
        }
    },
    STRING {
        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                return v.toString();
            }
            throw new BadValue(show(v) + " is not a single value");
        }
    },
    ADDRESS {
        private final Pattern address = Pattern.compile("(\\[[0-9A-Fa-f:.%a-z]+\\]|[A-Za-z0-9.\\-]*):([0-9]{1,5})");

        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof String s) {
                var m = address.matcher(s.trim());
                if (m.matches() && Integer.parseInt(m.group(2)) <= 65535) {
                    return s.trim();
                }
            }
            throw new BadValue(show(v) + " is not an address like \":8554\" or \"127.0.0.1:8554\"");
        }
    },
    DURATION {
        private final Pattern duration = Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+");

        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof String s && duration.matcher(s.trim()).matches()) {
                return s.trim();
            }
            throw new BadValue(show(v) + " is not a duration like \"10s\", \"500ms\" or \"1m30s\"");
        }
    },
    STRING_LIST {
        @Override
        Object convert(Object v) throws BadValue {
            if (v instanceof List<?> list) {
                List<String> out = new ArrayList<>();
                for (Object item : list) {
                    if (item instanceof List || item instanceof java.util.Map || item == null) {
                        throw new BadValue("an item of the list is not a single value");
                    }
                    out.add(item.toString());
                }
                return out.toArray(String[]::new);
            }
            throw new BadValue(show(v) + " is not a list");
        }
    };

    /** The ConfigAdmin value for the YAML value {@code v}. */
    abstract Object convert(Object v) throws BadValue;

    static String show(Object v) {
        if (v == null) {
            return "an empty value";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof java.util.Map) {
            return "a map";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v.toString();
    }

    /** Why a value cannot be used. */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message);
        }
    }
}
