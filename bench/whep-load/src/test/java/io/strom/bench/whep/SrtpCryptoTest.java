package io.strom.bench.whep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.strom.srtp.internal.JcePrimitives;
import io.strom.srtp.internal.transform.SrtpProfile;
import io.strom.srtp.internal.transform.SrtpSessionContext;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reader's SRTP against Strom's own (io.strom.srtp on the JCE), an implementation written
 * separately and checked there against the RFC test vectors: SRTP packets Strom protects across a
 * rollover of the sequence number are authenticated and decrypted here, tampered ones fail, and
 * SRTCP packets protected here are accepted and decrypted by Strom.
 */
class SrtpCryptoTest {
    private final Random random = new Random(7);

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AEAD_AES_128_GCM", "SRTP_AES128_CM_HMAC_SHA1_80"})
    void decryptsWhatStromProtects(SrtpProfile profile) throws Exception {
        byte[] key = bytes(profile.keyLength());
        byte[] salt = bytes(profile.saltLength());
        SrtpSessionContext strom = SrtpSessionContext.create(profile, new JcePrimitives(), key, salt);
        SrtpCrypto reader = new SrtpCrypto(profile.id(), key, salt);
        byte[] out = new byte[2048];
        long index = 65_530;
        for (int i = 0; i < 12; i++, index++) {
            byte[] plain = rtp((int) (index & 0xFFFF), 300 + i * 50, i % 3 == 0);
            ByteBuf packet = Unpooled.buffer(2048).writeBytes(plain);
            strom.protectRtp(packet);
            byte[] protectedBytes = Arrays.copyOfRange(packet.array(), packet.readerIndex(), packet.writerIndex());
            int n = reader.unprotectRtp(protectedBytes, protectedBytes.length, index, out);
            assertArrayEquals(plain, Arrays.copyOf(out, n), "packet of index " + index);
            protectedBytes[protectedBytes.length - 20] ^= 1;
            assertEquals(-1, reader.unprotectRtp(protectedBytes, protectedBytes.length, index, out),
                    "a tampered packet of index " + index + " must fail authentication");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AEAD_AES_128_GCM", "SRTP_AES128_CM_HMAC_SHA1_80"})
    void stromAcceptsTheReadersRtcp(SrtpProfile profile) throws Exception {
        byte[] key = bytes(profile.keyLength());
        byte[] salt = bytes(profile.saltLength());
        SrtpSessionContext strom = SrtpSessionContext.create(profile, new JcePrimitives(), key, salt);
        SrtpCrypto reader = new SrtpCrypto(profile.id(), key, salt);
        for (int index = 0; index < 3; index++) {
            byte[] plain = new byte[8 + 24 + 16];
            plain[0] = (byte) 0x81;
            plain[1] = (byte) 201;
            plain[3] = 7;
            for (int i = 4; i < plain.length; i++) {
                plain[i] = (byte) random.nextInt();
            }
            byte[] work = Arrays.copyOf(plain, plain.length + 32);
            int n = reader.protectRtcp(work, plain.length, index);
            ByteBuf packet = Unpooled.buffer(2048).writeBytes(work, 0, n);
            strom.unprotectRtcp(packet);
            assertArrayEquals(plain, Arrays.copyOfRange(packet.array(), packet.readerIndex(), packet.writerIndex()),
                    "SRTCP index " + index);
        }
    }

    private byte[] rtp(int seq, int payload, boolean extension) {
        int header = 12 + (extension ? 8 : 0);
        byte[] p = new byte[header + payload];
        p[0] = (byte) (0x80 | (extension ? 0x10 : 0));
        p[1] = (byte) 96;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        SrtpCrypto.writeInt(p, 4, 90_000L * seq);
        SrtpCrypto.writeInt(p, 8, 0x1234ABCDL);
        if (extension) {
            p[12] = (byte) 0xBE;
            p[13] = (byte) 0xDE;
            p[15] = 1;
            p[16] = 0x10;
        }
        for (int i = header; i < p.length; i++) {
            p[i] = (byte) random.nextInt();
        }
        return p;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
