package io.strom.core.internal;

import java.util.regex.Pattern;

/**
 * What a path name may be, as in MediaMTX: 1 to 255 characters from letters, digits and
 * {@code _ - . ~ : @ + /}, no leading or trailing slash, no empty segment and no {@code ..}.
 */
final class PathNames {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.~:@+/-]{1,255}");

    private PathNames() {
    }

    static boolean isValid(String name) {
        return name != null && ALLOWED.matcher(name).matches() && !name.startsWith("/") && !name.endsWith("/")
                && !name.contains("//") && !name.contains("..");
    }
}
