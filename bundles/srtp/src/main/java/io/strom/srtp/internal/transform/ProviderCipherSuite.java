package io.strom.srtp.internal.transform;

import io.strom.api.srtp.SrtpCipherSuite;
import io.strom.api.srtp.SrtpContext;
import java.security.GeneralSecurityException;

/** One profile on one provider's primitives, as registered by the provider bundle's component. */
public final class ProviderCipherSuite implements SrtpCipherSuite {

    private final SrtpProfile profile;
    private final CipherPrimitives primitives;
    private final SuiteCounters counters = new SuiteCounters();

    public ProviderCipherSuite(SrtpProfile profile, CipherPrimitives primitives) {
        this.profile = profile;
        this.primitives = primitives;
    }

    @Override
    public String profile() {
        return profile.name();
    }

    @Override
    public int profileId() {
        return profile.id();
    }

    @Override
    public int keyLength() {
        return profile.keyLength();
    }

    @Override
    public int saltLength() {
        return profile.saltLength();
    }

    @Override
    public int overhead() {
        return profile.overhead();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the key or salt has the wrong length
     * @throws IllegalStateException if the provider refuses the key (it lacks AES of that size)
     */
    @Override
    public SrtpContext createContext(byte[] masterKey, byte[] masterSalt) {
        try {
            return SrtpSessionContext.create(profile, primitives, masterKey, masterSalt, counters);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(primitives.provider() + " cannot key " + profile + ": " + e, e);
        }
    }

    /** The packets of every context this suite created. */
    public SuiteCounters counters() {
        return counters;
    }

    /** The provider's name ({@code SunJCE}, {@code BC}). */
    public String provider() {
        return primitives.provider();
    }

    @Override
    public String toString() {
        return profile + "/" + primitives.provider();
    }
}
