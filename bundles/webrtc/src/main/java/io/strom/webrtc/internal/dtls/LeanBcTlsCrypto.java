package io.strom.webrtc.internal.dtls;

import java.security.SecureRandom;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bouncy Castle's TLS crypto with AES-GCM records computed without GHASH tables. Once a WebRTC
 * session's handshake is done its DTLS record layer carries almost nothing (the media is SRTP,
 * keyed by the exporter), but it lives as long as the session: the default 4 KB-table multiplier
 * kept about 20 KB per session for its two directions, the basic one keeps 16 bytes of H.
 */
final class LeanBcTlsCrypto extends BcTlsCrypto {

    LeanBcTlsCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
        return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
}
