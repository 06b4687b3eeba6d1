package io.strom.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.Credentials;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class InternalAuthManagerTest {

    private static InternalAuthManager.Config config(String... users) {
        return new InternalAuthManager.Config() {
            @Override
            public String authMethod() {
                return "internal";
            }

            @Override
            public String[] authInternalUsers() {
                return users;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return InternalAuthManager.Config.class;
            }
        };
    }

    private static AuthRequest req(AuthAction action, String path, String ip, Credentials c) throws Exception {
        return new AuthRequest("rtsp", action, path, InetAddress.getByName(ip), c);
    }

    @Test
    void anonymousUserAllowsEverybodyItsPermissions() throws Exception {
        var auth = new InternalAuthManager(config("user=any permissions=read"));
        assertTrue(auth.authenticate(req(AuthAction.READ, "cam", "10.0.0.1", Credentials.NONE)).allowed());
        var publish = auth.authenticate(req(AuthAction.PUBLISH, "cam", "10.0.0.1", Credentials.NONE));
        assertFalse(publish.allowed());
        assertEquals("credentials required", publish.reason());
    }

    @Test
    void passwordsPathsAndAddressesAreChecked() throws Exception {
        var auth = new InternalAuthManager(config(
                "user=alice pass=secret ips=127.0.0.0/8,::1 permissions=publish:cam1,read:~^live/"));
        assertTrue(auth.authenticate(req(AuthAction.PUBLISH, "cam1", "127.0.0.1", new Credentials.Password("alice", "secret"))).allowed());
        assertTrue(auth.authenticate(req(AuthAction.READ, "live/x", "::1", new Credentials.Password("alice", "secret"))).allowed());
        assertFalse(auth.authenticate(req(AuthAction.PUBLISH, "cam2", "127.0.0.1", new Credentials.Password("alice", "secret"))).allowed());
        assertFalse(auth.authenticate(req(AuthAction.PUBLISH, "cam1", "10.1.1.1", new Credentials.Password("alice", "secret"))).allowed());
        var wrong = auth.authenticate(req(AuthAction.PUBLISH, "cam1", "127.0.0.1", new Credentials.Password("alice", "nope")));
        assertFalse(wrong.allowed());
        assertFalse(wrong.reason().contains("nope"), "the reason never shows a password");
    }

    @Test
    void sha256PasswordsMatch() throws Exception {
        String hash = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("pw".getBytes(StandardCharsets.UTF_8)));
        var auth = new InternalAuthManager(config("user=bob pass=sha256:" + hash + " permissions=read"));
        assertTrue(auth.authenticate(req(AuthAction.READ, "a", "127.0.0.1", new Credentials.Password("bob", "pw"))).allowed());
        assertFalse(auth.authenticate(req(AuthAction.READ, "a", "127.0.0.1", new Credentials.Password("bob", "px"))).allowed());
    }

    @Test
    void digestResponsesAreVerifiedWithAndWithoutQop() throws Exception {
        var auth = new InternalAuthManager(config("user=carol pass=pw permissions=read"));
        String ha1 = DigestVerifier.md5("carol:strom:pw");
        String ha2 = DigestVerifier.md5("DESCRIBE:rtsp://h/cam");
        String plain = DigestVerifier.md5(ha1 + ":n1:" + ha2);
        var ok = new Credentials.Digest("carol", "strom", "n1", "rtsp://h/cam", "DESCRIBE", plain, null, null, null);
        assertTrue(auth.authenticate(req(AuthAction.READ, "cam", "127.0.0.1", ok)).allowed());
        String withQop = DigestVerifier.md5(ha1 + ":n1:00000001:c1:auth:" + ha2);
        var qop = new Credentials.Digest("carol", "strom", "n1", "rtsp://h/cam", "DESCRIBE", withQop, "auth", "00000001", "c1");
        assertTrue(auth.authenticate(req(AuthAction.READ, "cam", "127.0.0.1", qop)).allowed());
        var bad = new Credentials.Digest("carol", "strom", "n1", "rtsp://h/cam", "DESCRIBE", DigestVerifier.md5("x"), null, null, null);
        assertFalse(auth.authenticate(req(AuthAction.READ, "cam", "127.0.0.1", bad)).allowed());
    }

    @Test
    void badLinesAreRefusedWithTheFieldNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new InternalAuthManager(config("user=a permissions=read", "user=b permissions=fly")));
        assertEquals("authInternalUsers[1]: unknown permission action 'fly'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InternalAuthManager(config("user=a ips=nowhere")));
        assertThrows(IllegalArgumentException.class, () -> new InternalAuthManager(config("pass=x")));
    }
}
