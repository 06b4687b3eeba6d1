package io.strom.api.path;

import java.util.regex.Pattern;

/**
 * What a path name may be, as in MediaMTX: 1 to 255 characters from letters, digits and
 * {@code _ - . ~ : @ + /}, no leading or trailing slash, no empty segment and no {@code ..}.
 * Protocols check names from URLs with it before asking the {@link PathManager}; the config
 * bundle checks {@code paths:} entries with it.
 */
public final class PathNames {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.~:@+/-]{1,255}");

    private PathNames() {
    }

    /** Whether {@code name} is a valid path name. */
    public static boolean isValid(String name) {
        return name != null && ALLOWED.matcher(name).matches() && !name.startsWith("/") && !name.endsWith("/")
                && !name.contains("//") && !name.contains("..");
    }
}
