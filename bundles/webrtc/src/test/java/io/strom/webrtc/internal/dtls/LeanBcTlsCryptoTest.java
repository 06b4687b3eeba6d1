package io.strom.webrtc.internal.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class LeanBcTlsCryptoTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void gcmWithoutTablesSealsAndOpensExactlyAsTheTabledOne() throws Exception {
        AEADBlockCipher lean = new LeanBcTlsCrypto(random).createGCMMode(AESEngine.newInstance());
        AEADBlockCipher tabled = GCMBlockCipher.newInstance(AESEngine.newInstance(), new Tables4kGCMMultiplier());
        for (int keyLength : new int[] {16, 32}) {
            byte[] key = bytes(keyLength);
            byte[] nonce = bytes(12);
            byte[] aad = bytes(13);
            byte[] plain = bytes(1000);
            byte[] sealed = run(lean, true, key, nonce, aad, plain);
            assertArrayEquals(run(tabled, true, key, nonce, aad, plain), sealed, "ciphertext and tag, key of " + keyLength);
            assertArrayEquals(plain, run(tabled, false, key, nonce, aad, sealed));
            assertArrayEquals(plain, run(lean, false, key, nonce, aad, sealed));
            sealed[5] ^= 1;
            assertThrows(InvalidCipherTextException.class, () -> run(lean, false, key, nonce, aad, sealed),
                    "a changed byte fails the tag");
        }
    }

    private static byte[] run(AEADBlockCipher cipher, boolean seal, byte[] key, byte[] nonce, byte[] aad, byte[] in)
            throws InvalidCipherTextException {
        cipher.init(seal, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(in.length)];
        int n = cipher.processBytes(in, 0, in.length, out, 0);
        n += cipher.doFinal(out, n);
        return java.util.Arrays.copyOf(out, n);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
