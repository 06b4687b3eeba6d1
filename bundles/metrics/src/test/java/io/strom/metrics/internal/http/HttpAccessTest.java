package io.strom.metrics.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strom.api.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HttpAccessTest {

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsAreDecoded() {
        assertEquals(new Credentials.Password("ops", "s3:cret"), HttpAccess.credentials(basic("ops:s3:cret")));
        assertEquals(new Credentials.Password("ops", ""), HttpAccess.credentials("basic " + basic("ops:").substring(6)));
    }

    @Test
    void anythingElseIsNoCredentials() {
        for (String header : new String[] {null, "", "Bearer abc", "Basic !!!", basic("no-colon"), "Basic"}) {
            assertEquals(Credentials.NONE, HttpAccess.credentials(header), String.valueOf(header));
        }
    }
}
