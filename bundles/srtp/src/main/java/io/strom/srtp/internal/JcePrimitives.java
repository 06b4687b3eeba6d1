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
        return (iv, data, offset, length) -> {
            cipher.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(iv));
            cipher.doFinal(data, offset, length, data, offset);
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
            cipher.doFinal(data, offset, length, data, offset);
        }

        @Override
        public boolean open(byte[] data, int offset, int length) throws GeneralSecurityException {
            try {
                cipher.doFinal(data, offset, length, data, offset);
                return true;
            } catch (AEADBadTagException forged) {
                return false;
            }
        }
    }
}
