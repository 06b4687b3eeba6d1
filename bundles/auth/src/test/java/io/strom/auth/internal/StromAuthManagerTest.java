package io.strom.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StromAuthManagerTest {

    static StromAuthManager.Config config(String method, String httpAddress, String jwks, String... users) {
        return new StromAuthManager.Config() {
            @Override
            public String authMethod() {
                return method;
            }

            @Override
            public String[] authInternalUsers() {
                return users;
            }

            @Override
            public String authHTTPAddress() {
                return httpAddress;
            }

            @Override
            public String[] authHTTPExclude() {
                return new String[] {"api", "metrics", "pprof"};
            }

            @Override
            public String authHTTPCacheTime() {
                return "2s";
            }

            @Override
            public String authJWTJWKS() {
                return jwks;
            }

            @Override
            public String authJWTClaimKey() {
                return "mediamtx_permissions";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return StromAuthManager.Config.class;
            }
        };
    }

    private static AuthRequest req(String ip, Credentials c) throws Exception {
        return new AuthRequest("rtsp", AuthAction.READ, "cam", InetAddress.getByName(ip), c);
    }

    @Test
    void aFailedLoginIsAnsweredLaterWithoutHoldingTheCaller() throws Exception {
        var manager = new StromAuthManager(config("internal", "", "", "user=alice pass=pw permissions=read"));
        try {
            long start = System.nanoTime();
            CompletableFuture<AuthResult> wrong = manager.authenticateAsync(req("10.0.0.7", new Credentials.Password("alice", "x")))
                    .toCompletableFuture();
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "the call returns at once");
            assertFalse(wrong.isDone(), "the refusal is not answered yet");
            assertFalse(wrong.get(3, TimeUnit.SECONDS).allowed());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(950), "after about a second");
            assertTrue(manager.authenticateAsync(req("10.0.0.7", Credentials.NONE)).toCompletableFuture().isDone(),
                    "no credentials: answered at once (the client is asked for them)");
            assertTrue(manager.authenticateAsync(req("10.0.0.7", new Credentials.Password("alice", "pw")))
                    .toCompletableFuture().get(1, TimeUnit.SECONDS).allowed());
            var pending = manager.authenticateAsync(req("10.0.0.8", new Credentials.Password("alice", "y"))).toCompletableFuture();
            manager.close();
            assertEquals("authentication stopped", pending.get(1, TimeUnit.SECONDS).reason(), "stopping answers what waits");
        } finally {
            manager.close();
        }
    }

    @Test
    void unusableConfigurationsNameTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StromAuthManager(config("ldap", "", "")));
        assertEquals("authMethod: 'ldap' is not one of internal, http, jwt", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StromAuthManager(config("http", "ftp://x", "")));
        assertEquals("authHTTPAddress: 'ftp://x' is not an http:// or https:// URL", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StromAuthManager(config("jwt", "", "")));
        assertTrue(e.getMessage().startsWith("authJWTJWKS: "), e.getMessage());
    }

    @Test
    void aBadChangeKeepsThePreviousMethod() throws Exception {
        var manager = new StromAuthManager(config("internal", "", "", "user=any permissions=read"));
        try {
            manager.modified(config("http", "", ""));
            assertTrue(manager.authenticate(req("127.0.0.1", Credentials.NONE)).allowed());
        } finally {
            manager.close();
        }
    }
}
