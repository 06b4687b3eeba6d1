package io.strom.auth.internal;

import io.strom.api.auth.AuthManager;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuthManager} over the users of {@code authInternalUsers}, as MediaMTX checks them: the
 * first user whose name and password (or the anonymous {@code any}), address and permissions
 * all match allows the request.
 *
 * <p>A configuration with a malformed user line is refused as a whole (the component fails to
 * activate or keeps its previous users) with the line and field named, never the password.
 */
@Component(configurationPid = InternalAuthManager.PID)
@Designate(ocd = InternalAuthManager.Config.class)
public class InternalAuthManager implements AuthManager {

    static final String PID = "io.strom.auth";

    @ObjectClassDefinition(id = PID, name = "Strom authentication",
            description = "Who may publish, read and reach the API, metrics and profiling endpoints.")
    @interface Config {
        @AttributeDefinition(name = "Method", description = "How clients are authenticated: 'internal' "
                + "(the users below).", options = {@org.osgi.service.metatype.annotations.Option(value = "internal")})
        String authMethod() default "internal";

        @AttributeDefinition(name = "Internal users", description = "One user per entry: 'user=NAME pass=SECRET "
                + "ips=NET,NET permissions=ACTION[:PATH],...'. user=any without pass matches everybody. pass is "
                + "plain or sha256:BASE64. Actions: publish, read, playback, api, metrics, pprof; PATH is exact or "
                + "~regex, none means every path. An empty ips means every address.")
        String[] authInternalUsers() default {
            "user=any permissions=publish,read,playback",
            "user=any ips=127.0.0.1,::1 permissions=api,metrics,pprof"
        };
    }

    private static final Logger LOG = LoggerFactory.getLogger(InternalAuthManager.class);

    private volatile List<InternalUser> users;

    @Activate
    public InternalAuthManager(Config config) {
        this.users = parse(config);
    }

    @Modified
    void modified(Config config) {
        try {
            users = parse(config);
        } catch (IllegalArgumentException e) {
            LOG.error("authentication configuration refused, the previous users stay: {}", e.getMessage());
        }
    }

    static List<InternalUser> parse(Config config) {
        if (!"internal".equals(config.authMethod())) {
            throw new IllegalArgumentException("authMethod: '" + config.authMethod() + "' is not supported (internal)");
        }
        List<InternalUser> parsed = new ArrayList<>();
        String[] lines = config.authInternalUsers();
        for (int i = 0; i < lines.length; i++) {
            try {
                parsed.add(InternalUser.parse(lines[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("authInternalUsers[" + i + "]: " + e.getMessage());
            }
        }
        return List.copyOf(parsed);
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
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
