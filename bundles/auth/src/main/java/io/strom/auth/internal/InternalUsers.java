package io.strom.auth.internal;

import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code authMethod: internal}: the users of {@code authInternalUsers}, checked as MediaMTX
 * checks them: the first user whose name and password (or the anonymous {@code any}), address
 * and permissions all match allows the request.
 */
final class InternalUsers implements AuthMethod {

    private final List<InternalUser> users;
    private final boolean slow;

    InternalUsers(List<InternalUser> users) {
        this.users = List.copyOf(users);
        this.slow = users.stream().anyMatch(InternalUser::isSlow);
    }

    /** Parses the lines of {@code authInternalUsers}; the message names the line and field, never a password. */
    static InternalUsers parse(String[] lines) {
        List<InternalUser> parsed = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            try {
                parsed.add(InternalUser.parse(lines[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("authInternalUsers[" + i + "]: " + e.getMessage());
            }
        }
        return new InternalUsers(parsed);
    }

    /** Whether a check may take long (an argon2 user): then the manager runs it on its own threads. */
    boolean slow() {
        return slow;
    }

    @Override
    public AuthResult check(AuthRequest request) {
        boolean userKnown = false;
        for (InternalUser user : users) {
            if (!user.isAnonymous()) {
                if (!user.user().equals(request.credentials().user())) {
                    continue;
                }
                userKnown = true;
                if (!credentialsMatch(user, request.credentials())) {
                    continue;
                }
            }
            if (!user.ips().isEmpty() && user.ips().stream().noneMatch(r -> r.contains(request.ip()))) {
                continue;
            }
            if (user.permissions().stream().anyMatch(p -> p.allows(request.action(), request.path()))) {
                return AuthResult.allow(user.isAnonymous() ? "" : user.user());
            }
        }
        if (request.credentials() instanceof Credentials.None) {
            return AuthResult.deny("credentials required");
        }
        return AuthResult.deny(userKnown ? "wrong password or no permission for user '" + request.credentials().user()
                + "' to " + request.action().key() + " '" + request.path() + "'"
                : "unknown user '" + request.credentials().user() + "'");
    }

    private static boolean credentialsMatch(InternalUser user, Credentials credentials) {
        if (credentials instanceof Credentials.Password p) {
            return user.passwordMatches(p.password());
        }
        return credentials instanceof Credentials.Digest d && !user.isHashed() && DigestVerifier.verify(d, user.pass());
    }
}
