package io.strom.api.auth;

/**
 * The answer to an {@link AuthRequest}.
 *
 * @param allowed whether the action is allowed
 * @param user    the user it was allowed as (empty for anonymous access or when refused)
 * @param reason  why it was refused, for the log (never contains a password); empty when allowed
 */
public record AuthResult(boolean allowed, String user, String reason) {

    public static AuthResult allow(String user) {
        return new AuthResult(true, user, "");
    }

    public static AuthResult deny(String reason) {
        return new AuthResult(false, "", reason);
    }
}
