package io.strom.api.ice;

import java.util.Objects;

/**
 * ICE username fragment and password ({@code a=ice-ufrag}, {@code a=ice-pwd}).
 *
 * @param ufrag the username fragment
 * @param pwd   the password
 */
public record IceCredentials(String ufrag, String pwd) {

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(pwd, "pwd");
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + "]";
    }
}
