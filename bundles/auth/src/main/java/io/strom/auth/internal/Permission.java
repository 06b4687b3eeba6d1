package io.strom.auth.internal;

import io.strom.api.auth.AuthAction;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One permission of a user: an action, and the paths it covers (all paths when empty, a
 * regular expression after {@code ~}, else one exact path).
 */
record Permission(AuthAction action, String path, Pattern regex) {

    /** Parses {@code action} or {@code action:path}, e.g. {@code read:~^cam/}. */
    static Permission parse(String text) {
        int colon = text.indexOf(':');
        String actionName = (colon < 0 ? text : text.substring(0, colon)).trim();
        String path = colon < 0 ? "" : text.substring(colon + 1).trim();
        AuthAction action;
        try {
            action = AuthAction.valueOf(actionName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown permission action '" + actionName + "'");
        }
        Pattern regex = null;
        if (path.startsWith("~")) {
            try {
                regex = Pattern.compile(path.substring(1));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid path expression '" + path + "'");
            }
        }
        return new Permission(action, path, regex);
    }

    boolean allows(AuthAction wanted, String requestPath) {
        if (wanted != action) {
            return false;
        }
        if (path.isEmpty()) {
            return true;
        }
        return regex != null ? regex.matcher(requestPath).find() : path.equals(requestPath);
    }
}
