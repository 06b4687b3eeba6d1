package io.strom.srtp.internal;

import io.strom.srtp.internal.transform.CipherPrimitives;
import io.strom.srtp.internal.transform.SrtpProviderContract;

/** The provider contract and RFC vectors on javax.crypto. */
class JceProviderTest extends SrtpProviderContract {

    @Override
    protected CipherPrimitives primitives() {
        return new JcePrimitives();
    }
}
