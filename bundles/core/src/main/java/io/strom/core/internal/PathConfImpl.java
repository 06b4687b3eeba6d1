package io.strom.core.internal;

import io.strom.api.path.PathConf;
import io.strom.api.path.PathNames;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A validated path configuration. Built only through {@link #parse}, which names the field of
 * the first invalid value.
 *
 * @param name              exact path, {@code ~regex}, {@code all_others} or {@code all}
 * @param source            where the stream comes from; only {@code publisher} for now
 * @param overridePublisher whether a new publisher replaces the current one
 * @param maxReaders        reader limit, 0 for none
 * @param regex             the compiled pattern for a {@code ~regex} name, else null
 */
record PathConfImpl(String name, String source, boolean overridePublisher, int maxReaders, Pattern regex)
        implements PathConf {

    static final String ALL = "all";

    /** Parses the properties of a path factory configuration; absent keys take their defaults. */
    static PathConfImpl parse(Map<String, ?> props) throws InvalidConfigException {
        String name = string(props, "name", null);
        if (name == null || name.isBlank()) {
            throw new InvalidConfigException("name", "is required");
        }
        Pattern regex = null;
        if (name.startsWith("~")) {
            try {
                regex = Pattern.compile(name.substring(1));
            } catch (PatternSyntaxException e) {
                throw new InvalidConfigException("name", "'" + name + "' is not a valid regular expression: " + e.getDescription());
            }
        } else if (!isCatchAll(name) && !PathNames.isValid(name)) {
            throw new InvalidConfigException("name", "'" + name + "' is not a valid path name");
        }
        String source = string(props, "source", "publisher");
        if (!"publisher".equals(source)) {
            throw new InvalidConfigException("source", "'" + source + "' is not supported; use 'publisher'");
        }
        boolean override = bool(props, "overridePublisher", true);
        int maxReaders = integer(props, "maxReaders", 0);
        if (maxReaders < 0) {
            throw new InvalidConfigException("maxReaders", "must be >= 0, got " + maxReaders);
        }
        return new PathConfImpl(name, source, override, maxReaders, regex);
    }

    static boolean isCatchAll(String name) {
        return PathConf.ALL_OTHERS.equals(name) || ALL.equals(name);
    }

    boolean isRegex() {
        return regex != null;
    }

    boolean matches(String path) {
        if (regex != null) {
            return regex.matcher(path).matches();
        }
        return isCatchAll(name) || name.equals(path);
    }

    /** Same settings (records compare Patterns by identity, so compare their source). */
    boolean sameAs(PathConfImpl other) {
        return name.equals(other.name) && source.equals(other.source) && overridePublisher == other.overridePublisher
                && maxReaders == other.maxReaders;
    }

    private static String string(Map<String, ?> props, String key, String fallback) {
        Object v = props.get(key);
        return v == null ? fallback : v.toString().trim();
    }

    private static boolean bool(Map<String, ?> props, String key, boolean fallback) throws InvalidConfigException {
        Object v = props.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
        switch (s) {
            case "true", "yes" -> {
                return true;
            }
            case "false", "no" -> {
                return false;
            }
            default -> throw new InvalidConfigException(key, "'" + v + "' is not a boolean");
        }
    }

    private static int integer(Map<String, ?> props, String key, int fallback) throws InvalidConfigException {
        Object v = props.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, "'" + v + "' is not an integer");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathConfImpl other && sameAs(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, source, overridePublisher, maxReaders);
    }
}
