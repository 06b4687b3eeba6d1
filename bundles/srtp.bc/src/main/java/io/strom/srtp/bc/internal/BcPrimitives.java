package io.strom.srtp.bc.internal;

import io.strom.srtp.internal.transform.AesCtr;
import io.strom.srtp.internal.transform.AesGcm;
import io.strom.srtp.internal.transform.CipherPrimitives;
import io.strom.srtp.internal.transform.HmacSha1;
import java.security.GeneralSecurityException;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The primitives on Bouncy Castle's lightweight API. Counter mode runs the AES engine on a reused
 * counter block rather than through SICBlockCipher, whose per-packet re-initialisation copies the
 * IV twice; GCM is keyed once and re-initialised per packet with a null key, which keeps the key
 * schedule and multiplication tables, and reads its input from a reused copy, because given the
 * same array as input and output it copies the input into a new array itself.
 */
public final class BcPrimitives implements CipherPrimitives {

    @Override
    public String provider() {
        return "bc";
    }

    @Override
    public AesCtr aesCtr(byte[] key) {
        BlockCipher aes = AESEngine.newInstance();
        aes.init(true, new KeyParameter(key));
        return new BcAesCtr(aes);
    }

    @Override
    public AesGcm aesGcm(byte[] key) {
        return new BcAesGcm(GCMBlockCipher.newInstance(AESEngine.newInstance()), new KeyParameter(key));
    }

    @Override
    public HmacSha1 hmacSha1(byte[] key) {
        HMac mac = new HMac(new SHA1Digest());
        mac.init(new KeyParameter(key));
        return new HmacSha1() {
            @Override
            public void update(byte[] data, int offset, int length) {
                mac.update(data, offset, length);
            }

            @Override
            public void finish(byte[] out, int offset) {
                mac.doFinal(out, offset);
            }
        };
    }

    /** Counter mode: AES of each counter block XORed into the data, the block incremented as 128 bits. */
    private static final class BcAesCtr implements AesCtr {

        private final BlockCipher aes;
        private final byte[] counter = new byte[16];
        private final byte[] keyStream = new byte[16];

        BcAesCtr(BlockCipher aes) {
            this.aes = aes;
        }

        @Override
        public void apply(byte[] iv, byte[] data, int offset, int length) {
            System.arraycopy(iv, 0, counter, 0, 16);
            for (int done = 0; done < length; done += 16) {
                aes.processBlock(counter, 0, keyStream, 0);
                int n = Math.min(16, length - done);
                for (int i = 0; i < n; i++) {
                    data[offset + done + i] ^= keyStream[i];
                }
                for (int i = 15; i >= 0 && ++counter[i] == 0; i--) {
                    // carry into the next byte
                }
            }
        }
    }

    /** AES-GCM keyed at the first packet; later packets pass a null key to keep its tables. */
    private static final class BcAesGcm implements AesGcm {

        private final GCMModeCipher gcm;
        private KeyParameter key;
        private byte[] scratch = new byte[2048];

        BcAesGcm(GCMModeCipher gcm, KeyParameter key) {
            this.gcm = gcm;
            this.key = key;
        }

        @Override
        public void start(boolean encrypt, byte[] iv) throws GeneralSecurityException {
            try {
                gcm.init(encrypt, new AEADParameters(key, TAG_LENGTH * 8, iv));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException(e.getMessage(), e);
            }
            key = null;
        }

        @Override
        public void aad(byte[] data, int offset, int length) {
            gcm.processAADBytes(data, offset, length);
        }

        @Override
        public void seal(byte[] data, int offset, int length) throws GeneralSecurityException {
            int n = gcm.processBytes(copy(data, offset, length), 0, length, data, offset);
            try {
                gcm.doFinal(data, offset + n);
            } catch (InvalidCipherTextException e) {
                throw new GeneralSecurityException(e.getMessage(), e);
            }
        }

        @Override
        public boolean open(byte[] data, int offset, int length) {
            int n = gcm.processBytes(copy(data, offset, length), 0, length, data, offset);
            try {
                gcm.doFinal(data, offset + n);
                return true;
            } catch (InvalidCipherTextException forged) {
                return false;
            }
        }

        private byte[] copy(byte[] data, int offset, int length) {
            if (scratch.length < length) {
                scratch = new byte[length];
            }
            System.arraycopy(data, offset, scratch, 0, length);
            return scratch;
        }
    }
}
