package io.strom.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsAreDecoded() {
        assertEquals(new Credentials.Password("ops", "s3:cret"), Credentials.ofHttp(basic("ops:s3:cret"), Map.of()));
        assertEquals(new Credentials.Password("ops", ""), Credentials.ofHttp("basic " + basic("ops:").substring(6), Map.of()));
    }

    @Test
    void aBearerTokenOrAJwtParameterIsAToken() {
        assertEquals(new Credentials.Token("abc"), Credentials.ofHttp("Bearer abc", Map.of()));
        assertEquals(new Credentials.Token("xyz"), Credentials.ofHttp(null, Map.of("jwt", List.of("xyz"))));
    }

    @Test
    void userAndPassParametersAreAPassword() {
        assertEquals(new Credentials.Password("u", "p"),
                Credentials.ofHttp(null, Map.of("user", List.of("u"), "pass", List.of("p"))));
    }

    @Test
    void anythingElseIsNoCredentials() {
        for (String header : new String[] {null, "", "Bearer ", "Basic !!!", basic("no-colon"), "Basic", "Digest x"}) {
            assertEquals(Credentials.NONE, Credentials.ofHttp(header, Map.of("user", List.of("only-a-user"))),
                    String.valueOf(header));
        }
    }
}
