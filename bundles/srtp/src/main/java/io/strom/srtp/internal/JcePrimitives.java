package io.strom.srtp.internal;

import io.strom.srtp.internal.transform.AesCtr;
import io.strom.srtp.internal.transform.AesGcm;
import io.strom.srtp.internal.transform.CipherPrimitives;
import io.strom.srtp.internal.transform.HmacSha1;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives on javax.crypto. Each object keeps its {@link Cipher} or {@link Mac} and key for
 * the context's life; per packet only the IV parameter object is new, which the JCE API requires
 * for every re-initialisation.
 *
 * <p>Ciphers run out of place, from a copy of the input in a reused {@link Scratch} array back into
 * the packet: given the same array as input and output, the JDK's CTR and GCM copy the input into
 * a new array on every call (about 1.2 KB of garbage per packet).
 */
public final class JcePrimitives implements CipherPrimitives {

    @Override
    public String provider() {
        return "jce";
    }

    @Override
    public AesCtr aesCtr(byte[] key) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        Scratch scratch = new Scratch();
        return (iv, data, offset, length) -> {
            cipher.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(iv));
            cipher.doFinal(scratch.copy(data, offset, length), 0, length, data, offset);
        };
    }

    @Override
    public AesGcm aesGcm(byte[] key) throws GeneralSecurityException {
        return new JceAesGcm(Cipher.getInstance("AES/GCM/NoPadding"), new SecretKeySpec(key, "AES"));
    }

    @Override
    public HmacSha1 hmacSha1(byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        return new HmacSha1() {
            @Override
            public void update(byte[] data, int offset, int length) {
                mac.update(data, offset, length);
            }

            @Override
            public void finish(byte[] out, int offset) throws GeneralSecurityException {
                mac.doFinal(out, offset);
            }
        };
    }

    /** AES-GCM on one {@link Cipher}, re-initialised with each packet's IV. */
    private static final class JceAesGcm implements AesGcm {

        private final Cipher cipher;
        private final SecretKeySpec key;
        private final Scratch scratch = new Scratch();

        JceAesGcm(Cipher cipher, SecretKeySpec key) {
            this.cipher = cipher;
            this.key = key;
        }

        @Override
        public void start(boolean encrypt, byte[] iv) throws GeneralSecurityException {
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_LENGTH * 8, iv));
        }

        @Override
        public void aad(byte[] data, int offset, int length) {
            cipher.updateAAD(data, offset, length);
        }

        @Override
        public void seal(byte[] data, int offset, int length) throws GeneralSecurityException {
            cipher.doFinal(scratch.copy(data, offset, length), 0, length, data, offset);
        }

        @Override
        public boolean open(byte[] data, int offset, int length) throws GeneralSecurityException {
            try {
                cipher.doFinal(scratch.copy(data, offset, length), 0, length, data, offset);
                return true;
            } catch (AEADBadTagException forged) {
                return false;
            }
        }
    }

    /** A copy of a cipher's input, in an array that grows to the largest packet and is then reused. */
    private static final class Scratch {

        private byte[] bytes = new byte[2048];

        byte[] copy(byte[] data, int offset, int length) {
            if (bytes.length < length) {
                bytes = new byte[length];
            }
            System.arraycopy(data, offset, bytes, 0, length);
            return bytes;
        }
    }
}
