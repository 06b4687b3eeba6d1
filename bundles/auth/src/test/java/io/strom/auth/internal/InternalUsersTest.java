package io.strom.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.Credentials;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class InternalUsersTest {

    private static InternalUsers config(String... users) {
        return InternalUsers.parse(users);
    }

    private static AuthRequest req(AuthAction action, String path, String ip, Credentials c) throws Exception {
        return new AuthRequest("rtsp", action, path, InetAddress.getByName(ip), c);
    }

    @Test
    void anonymousUserAllowsEverybodyItsPermissions() throws Exception {
        var auth = config("user=any permissions=read");
        assertTrue(auth.check(req(AuthAction.READ, "cam", "10.0.0.1", Credentials.NONE)).allowed());
        var publish = auth.check(req(AuthAction.PUBLISH, "cam", "10.0.0.1", Credentials.NONE));
        assertFalse(publish.allowed());
        assertEquals("credentials required", publish.reason());
    }

    @Test
    void passwordsPathsAndAddressesAreChecked() throws Exception {
        var auth = config(
                "user=alice pass=secret ips=127.0.0.0/8,::1 permissions=publish:cam1,read:~^live/");
        assertTrue(auth.check(req(AuthAction.PUBLISH, "cam1", "127.0.0.1", new Credentials.Password("alice", "secret"))).allowed());
        assertTrue(auth.check(req(AuthAction.READ, "live/x", "::1", new Credentials.Password("alice", "secret"))).allowed());
        assertFalse(auth.check(req(AuthAction.PUBLISH, "cam2", "127.0.0.1", new Credentials.Password("alice", "secret"))).allowed());
        assertFalse(auth.check(req(AuthAction.PUBLISH, "cam1", "10.1.1.1", new Credentials.Password("alice", "secret"))).allowed());
        var wrong = auth.check(req(AuthAction.PUBLISH, "cam1", "127.0.0.1", new Credentials.Password("alice", "nope")));
        assertFalse(wrong.allowed());
        assertFalse(wrong.reason().contains("nope"), "the reason never shows a password");
    }

    @Test
    void sha256PasswordsMatch() throws Exception {
        String hash = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("pw".getBytes(StandardCharsets.UTF_8)));
        var auth = config("user=bob pass=sha256:" + hash + " permissions=read");
        assertTrue(auth.check(req(AuthAction.READ, "a", "127.0.0.1", new Credentials.Password("bob", "pw"))).allowed());
        assertFalse(auth.check(req(AuthAction.READ, "a", "127.0.0.1", new Credentials.Password("bob", "px"))).allowed());
    }

    @Test
    void digestResponsesAreVerifiedWithAndWithoutQop() throws Exception {
        var auth = config("user=carol pass=pw permissions=read");
        String ha1 = DigestVerifier.md5("carol:strom:pw");
        String ha2 = DigestVerifier.md5("DESCRIBE:rtsp://h/cam");
        String plain = DigestVerifier.md5(ha1 + ":n1:" + ha2);
        var ok = new Credentials.Digest("carol", "strom", "n1", "rtsp://h/cam", "DESCRIBE", plain, null, null, null);
        assertTrue(auth.check(req(AuthAction.READ, "cam", "127.0.0.1", ok)).allowed());
        String withQop = DigestVerifier.md5(ha1 + ":n1:00000001:c1:auth:" + ha2);
        var qop = new Credentials.Digest("carol", "strom", "n1", "rtsp://h/cam", "DESCRIBE", withQop, "auth", "00000001", "c1");
        assertTrue(auth.check(req(AuthAction.READ, "cam", "127.0.0.1", qop)).allowed());
        var bad = new Credentials.Digest("carol", "strom", "n1", "rtsp://h/cam", "DESCRIBE", DigestVerifier.md5("x"), null, null, null);
        assertFalse(auth.check(req(AuthAction.READ, "cam", "127.0.0.1", bad)).allowed());
    }

    @Test
    void badLinesAreRefusedWithTheFieldNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> config("user=a permissions=read", "user=b permissions=fly"));
        assertEquals("authInternalUsers[1]: unknown permission action 'fly'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config("user=a ips=nowhere"));
        assertThrows(IllegalArgumentException.class, () -> config("pass=x"));
    }

    @Test
    void argon2PasswordsMatchTheReferenceVectors() throws Exception {
        // Produced by the reference implementation (libargon2, phc-winner-argon2): "password", salt "somesalt".
        var auth = config(
                "user=id pass=argon2:$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc permissions=read",
                "user=i pass=argon2:$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA permissions=read");
        assertTrue(auth.slow(), "argon2 users are checked off the caller's thread");
        for (String user : new String[] {"id", "i"}) {
            assertTrue(auth.check(req(AuthAction.READ, "a", "127.0.0.1", new Credentials.Password(user, "password"))).allowed(), user);
            assertFalse(auth.check(req(AuthAction.READ, "a", "127.0.0.1", new Credentials.Password(user, "passwore"))).allowed(), user);
        }
        var digest = new Credentials.Digest("id", "strom", "n", "rtsp://h/a", "DESCRIBE", DigestVerifier.md5("x"), null, null, null);
        assertFalse(auth.check(req(AuthAction.READ, "a", "127.0.0.1", digest)).allowed(), "a hash cannot check a digest");
    }

    @Test
    void badArgon2HashesAreRefusedWithoutEchoingThem() {
        String[] bad = {
            "argon2:$argon2x$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaGhhc2g",
            "argon2:$argon2id$v=19$m=4096,t=3$c2FsdA$aGFzaGhhc2g",
            "argon2:$argon2id$v=19$m=1,t=3,p=1$c2FsdA$aGFzaGhhc2g",
            "argon2:$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$!!!",
            "argon2:plain",
        };
        for (String pass : bad) {
            var e = assertThrows(IllegalArgumentException.class, () -> config("user=a pass=" + pass + " permissions=read"));
            assertTrue(e.getMessage().startsWith("authInternalUsers[0]: pass: "), e.getMessage());
            assertFalse(e.getMessage().contains("aGFzaGhhc2g"), e.getMessage());
        }
    }
}
