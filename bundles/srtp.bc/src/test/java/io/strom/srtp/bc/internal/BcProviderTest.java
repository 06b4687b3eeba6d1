package io.strom.srtp.bc.internal;

import io.strom.srtp.internal.transform.CipherPrimitives;
import io.strom.srtp.internal.transform.SrtpProviderContract;

/** The provider contract and RFC vectors on Bouncy Castle. */
class BcProviderTest extends SrtpProviderContract {

    @Override
    protected CipherPrimitives primitives() {
        return new BcPrimitives();
    }
}
