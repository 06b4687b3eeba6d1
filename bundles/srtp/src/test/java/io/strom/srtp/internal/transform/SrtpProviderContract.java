package io.strom.srtp.internal.transform;

import static io.strom.srtp.internal.transform.Packets.buffer;
import static io.strom.srtp.internal.transform.Packets.bytes;
import static io.strom.srtp.internal.transform.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.strom.api.srtp.SrtpException;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every provider's primitives must give: the RFC 3711 and RFC 7714 vectors byte for byte,
 * and the packet behaviour (round trips, replay, forgery, rollover, malformed input) for every
 * profile. Each provider bundle runs it through a subclass naming its primitives.
 */
public abstract class SrtpProviderContract {

    static final String RFC7714_KEY_128 = "000102030405060708090a0b0c0d0e0f";
    static final String RFC7714_KEY_256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String RFC7714_SALT = "517569642070726f2071756f";
    static final String RFC7714_RTP = "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 "
            + "69736120 696e2070 61727465 73207472 6573";
    static final String RFC7714_RTCP = "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 "
            + "deadbeef deadbeef deadbeef deadbeef deadbeef";
    /** The SRTCP index of the RFC 7714 SRTCP vectors. */
    static final int RFC7714_SRTCP_INDEX = 0x5d4;

    /** The primitives under test. */
    protected abstract CipherPrimitives primitives();

    @Test
    public void aesCmKeyStreamMatchesRfc3711AppendixB2() throws Exception {
        AesCtr ctr = primitives().aesCtr(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] stream = new byte[0xFF02 * 16];
        ctr.apply(iv, stream, 0, stream.length);
        assertArrayEquals(hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB "
                + "41E95B3BB0A2E8DD477901E4FCA894C0"), Arrays.copyOfRange(stream, 0, 48));
        assertArrayEquals(hex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE "
                + "6A2CC3787889374FBEB4C81B17BA6C44"), Arrays.copyOfRange(stream, 0xFEFF * 16, 0xFF02 * 16));
    }

    @Test
    public void keyDerivationMatchesRfc3711AppendixB3() throws Exception {
        KeyDerivation kdf = new KeyDerivation(primitives(), hex("E1F97A0D3E018BE0D64FA32C06DE4139"),
                hex("0EC675AD498AFEEBB6960B3AABE6"));
        assertArrayEquals(hex("C61E7A93744F39EE10734AFE3FF7A087"), kdf.derive(KeyDerivation.LABEL_RTP_ENCRYPTION, 16));
        assertArrayEquals(hex("30CBBC08863D8C85D49DB34A9AE1"), kdf.derive(KeyDerivation.LABEL_RTP_SALT, 14));
        assertArrayEquals(hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), kdf.derive(KeyDerivation.LABEL_RTP_AUTH, 20));
    }

    static Stream<Arguments> rfc7714SrtpVectors() {
        return Stream.of(
                Arguments.of(SrtpProfile.SRTP_AEAD_AES_128_GCM, RFC7714_KEY_128,
                        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a "
                                + "51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce"),
                Arguments.of(SrtpProfile.SRTP_AEAD_AES_256_GCM, RFC7714_KEY_256,
                        "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238 9a58e2f3 b50b2a02 "
                                + "76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13"));
    }

    @ParameterizedTest
    @MethodSource("rfc7714SrtpVectors")
    public void srtpMatchesRfc7714Vectors(SrtpProfile profile, String key, String expected) throws Exception {
        ByteBuf b = buffer(hex(RFC7714_RTP), 16, false);
        rfc7714Context(profile, key).protectRtp(b);
        assertArrayEquals(hex(expected), bytes(b));
        rfc7714Context(profile, key).unprotectRtp(b);
        assertArrayEquals(hex(RFC7714_RTP), bytes(b));
    }

    static Stream<Arguments> rfc7714SrtcpVectors() {
        return Stream.of(
                Arguments.of(SrtpProfile.SRTP_AEAD_AES_128_GCM, RFC7714_KEY_128, true,
                        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda "
                                + "4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4"),
                Arguments.of(SrtpProfile.SRTP_AEAD_AES_256_GCM, RFC7714_KEY_256, true,
                        "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50 a2eaa5c1 110555be "
                                + "8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4"),
                Arguments.of(SrtpProfile.SRTP_AEAD_AES_128_GCM, RFC7714_KEY_128, false,
                        RFC7714_RTCP + " 841dd968 3dd78ec9 2ae58790 125f62b3 000005d4"),
                Arguments.of(SrtpProfile.SRTP_AEAD_AES_256_GCM, RFC7714_KEY_256, false,
                        RFC7714_RTCP + " 91db4afb feee5a97 8fab4393 ed2615fe 000005d4"));
    }

    @ParameterizedTest
    @MethodSource("rfc7714SrtcpVectors")
    public void srtcpMatchesRfc7714Vectors(SrtpProfile profile, String key, boolean encrypt, String expected)
            throws Exception {
        SrtpSessionContext sender = rfc7714Context(profile, key);
        // The vectors are taken mid-session: bring the sender's SRTCP index to theirs.
        for (int i = 0; i < RFC7714_SRTCP_INDEX; i++) {
            sender.protectRtcp(buffer(hex(RFC7714_RTCP), 20, false), encrypt);
        }
        ByteBuf b = buffer(hex(RFC7714_RTCP), 20, false);
        sender.protectRtcp(b, encrypt);
        assertArrayEquals(hex(expected), bytes(b));
        rfc7714Context(profile, key).unprotectRtcp(b);
        assertArrayEquals(hex(RFC7714_RTCP), bytes(b));
    }

    /** A context on the RFC 7714 session key and salt as given, for SRTP and SRTCP alike. */
    private SrtpSessionContext rfc7714Context(SrtpProfile profile, String key) throws Exception {
        return new SrtpSessionContext(
                SrtpSessionContext.sessionCrypto(profile, primitives(), hex(key), hex(RFC7714_SALT), null),
                SrtpSessionContext.sessionCrypto(profile, primitives(), hex(key), hex(RFC7714_SALT), null));
    }

    /** A sender and a receiver on the same master key and salt. */
    protected SrtpSessionContext[] pair(SrtpProfile profile) throws Exception {
        return new SrtpSessionContext[] {context(profile), context(profile)};
    }

    /** A context on a fixed master key and salt of {@code profile}, as the DTLS exporter would give. */
    public SrtpSessionContext context(SrtpProfile profile) throws Exception {
        return SrtpSessionContext.create(profile, primitives(), masterKey(profile), masterSalt(profile));
    }

    public static byte[] masterKey(SrtpProfile profile) {
        byte[] k = new byte[profile.keyLength()];
        new Random(profile.ordinal()).nextBytes(k);
        return k;
    }

    public static byte[] masterSalt(SrtpProfile profile) {
        byte[] s = new byte[profile.saltLength()];
        new Random(100 + profile.ordinal()).nextBytes(s);
        return s;
    }

    static Stream<Arguments> profilesOnHeapAndDirect() {
        return Arrays.stream(SrtpProfile.values()).flatMap(p -> Stream.of(Arguments.of(p, false), Arguments.of(p, true)));
    }

    @ParameterizedTest
    @MethodSource("profilesOnHeapAndDirect")
    public void rtpRoundTripKeepsHeaderAndRestoresPayload(SrtpProfile profile, boolean direct) throws Exception {
        SrtpSessionContext[] c = pair(profile);
        byte[] plain = Packets.rtp(0xCAFE, 7, 160);
        ByteBuf b = buffer(plain, profile.overhead(), direct);
        c[0].protectRtp(b);
        assertEquals(plain.length + profile.tagLength(), b.readableBytes());
        byte[] wire = bytes(b);
        assertArrayEquals(Arrays.copyOf(plain, Packets.RTP_HEADER), Arrays.copyOf(wire, Packets.RTP_HEADER));
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain, Packets.RTP_HEADER, plain.length),
                Arrays.copyOfRange(wire, Packets.RTP_HEADER, plain.length)), "payload is encrypted");
        c[1].unprotectRtp(b);
        assertArrayEquals(plain, bytes(b));
        b.release();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    public void replayedPacketIsRejected(SrtpProfile profile) throws Exception {
        SrtpSessionContext[] c = pair(profile);
        byte[] wire = protect(c[0], Packets.rtp(1, 100, 50));
        c[1].unprotectRtp(Unpooled.wrappedBuffer(wire.clone()));
        SrtpException e = assertThrows(SrtpException.class, () -> c[1].unprotectRtp(Unpooled.wrappedBuffer(wire)));
        assertTrue(e.getMessage().contains("replay"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    public void aRetransmissionIsProtectedToTheSameBytesAndTheReceiverTakesItOnce(SrtpProfile profile) throws Exception {
        SrtpSessionContext[] c = pair(profile);
        byte[] first = protect(c[0], Packets.rtp(1, 100, 50));
        protect(c[0], Packets.rtp(1, 101, 50));
        byte[] again = protect(c[0], Packets.rtp(1, 100, 50));
        assertArrayEquals(first, again);
        c[1].unprotectRtp(Unpooled.wrappedBuffer(again));
        assertThrows(SrtpException.class, () -> c[1].unprotectRtp(Unpooled.wrappedBuffer(first)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    public void theSuiteCountsPacketsAndAuthenticationFailuresOfEveryContext(SrtpProfile profile) throws Exception {
        ProviderCipherSuite suite = new ProviderCipherSuite(profile, primitives());
        io.strom.api.srtp.SrtpContext sender = suite.createContext(masterKey(profile), masterSalt(profile));
        io.strom.api.srtp.SrtpContext receiver = suite.createContext(masterKey(profile), masterSalt(profile));
        for (int seq = 1; seq <= 3; seq++) {
            ByteBuf b = buffer(Packets.rtp(1, seq, 50), profile.overhead(), false);
            sender.protectRtp(b);
            receiver.unprotectRtp(b);
            b.release();
        }
        ByteBuf report = buffer(Packets.rtcp(1), profile.overhead() + SrtpProfile.SRTCP_INDEX_LENGTH, false);
        sender.protectRtcp(report);
        byte[] wire = bytes(report);
        report.release();
        wire[wire.length - 1] ^= 1;
        assertThrows(SrtpException.class, () -> receiver.unprotectRtcp(Unpooled.wrappedBuffer(wire)));

        SuiteCounters counters = suite.counters();
        assertEquals(3, counters.packets(true, false), "RTP protected");
        assertEquals(3, counters.packets(false, false), "RTP unprotected");
        assertEquals(1, counters.packets(true, true), "RTCP protected");
        assertEquals(0, counters.packets(false, true), "RTCP unprotected");
        assertEquals(0, counters.authFailures(false));
        assertEquals(1, counters.authFailures(true));
    }

    static Stream<Arguments> flippedBits() {
        return Arrays.stream(SrtpProfile.values()).flatMap(p -> Stream.of(
                Arguments.of(p, "header", 1), Arguments.of(p, "csrc", 13), Arguments.of(p, "payload", 40),
                Arguments.of(p, "tag", -1)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("flippedBits")
    public void aFlippedBitIsRejected(SrtpProfile profile, String where, int position) throws Exception {
        SrtpSessionContext[] c = pair(profile);
        byte[] wire = protect(c[0], Packets.rtp(1, 100, 50));
        wire[position < 0 ? wire.length + position : position] ^= 0x04;
        SrtpException e = assertThrows(SrtpException.class, () -> c[1].unprotectRtp(Unpooled.wrappedBuffer(wire)));
        assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    public void rolloverCounterFollowsTheWrapAndAPacketReorderedAroundIt(SrtpProfile profile) throws Exception {
        SrtpSessionContext[] c = pair(profile);
        int[] sent = {65533, 65534, 65535, 0, 1, 2};
        byte[][] wire = new byte[sent.length][];
        for (int i = 0; i < sent.length; i++) {
            wire[i] = protect(c[0], Packets.rtp(9, sent[i], 30));
        }
        for (int i : new int[] {0, 1, 3, 2, 5, 4}) {
            ByteBuf b = Unpooled.wrappedBuffer(wire[i].clone());
            c[1].unprotectRtp(b);
            assertArrayEquals(Packets.rtp(9, sent[i], 30), bytes(b), "packet with sequence " + sent[i]);
        }
        assertThrows(SrtpException.class, () -> c[1].unprotectRtp(Unpooled.wrappedBuffer(wire[2].clone())),
                "65535 again after the wrap");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    public void packetsOlderThanTheWindowAreRejected(SrtpProfile profile) throws Exception {
        SrtpSessionContext[] c = pair(profile);
        byte[] old = protect(c[0], Packets.rtp(3, 1000, 10));
        c[1].unprotectRtp(Unpooled.wrappedBuffer(protect(c[0], Packets.rtp(3, 1000 + IndexWindow.SIZE, 10))));
        SrtpException e = assertThrows(SrtpException.class, () -> c[1].unprotectRtp(Unpooled.wrappedBuffer(old)));
        assertTrue(e.getMessage().contains("behind"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    public void ssrcsUnderOneKeyKeepTheirOwnState(SrtpProfile profile) throws Exception {
        SrtpSessionContext[] c = pair(profile);
        byte[] audio = protect(c[0], Packets.rtp(1, 10, 20));
        byte[] video = protect(c[0], Packets.rtp(2, 10, 20));
        c[1].unprotectRtp(Unpooled.wrappedBuffer(audio));
        c[1].unprotectRtp(Unpooled.wrappedBuffer(video));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    public void shortAndMalformedPacketsAreSrtpExceptions(SrtpProfile profile) throws Exception {
        SrtpSessionContext c = context(profile);
        assertThrows(SrtpException.class, () -> c.unprotectRtp(Unpooled.wrappedBuffer(new byte[5])));
        assertThrows(SrtpException.class, () -> c.unprotectRtp(Unpooled.wrappedBuffer(new byte[0])));
        assertThrows(SrtpException.class, () -> c.protectRtp(buffer(new byte[11], 20, false)));
        assertThrows(SrtpException.class, () -> c.unprotectRtcp(Unpooled.wrappedBuffer(hex("80c80001 00000001 00"))));
        assertThrows(SrtpException.class, () -> c.protectRtcp(buffer(hex("80c800"), 20, false)));
        byte[] longExtension = Packets.rtp(1, 1, 40);
        longExtension[22] = 0x40;
        assertThrows(SrtpException.class, () -> c.protectRtp(buffer(longExtension, 20, false)));
        assertThrows(SrtpException.class, () -> c.unprotectRtp(Unpooled.wrappedBuffer(longExtension)));
        byte[] version1 = Packets.rtp(1, 1, 40);
        version1[0] = 0x40;
        assertThrows(SrtpException.class, () -> c.protectRtp(buffer(version1, 20, false)));
        ByteBuf full = Unpooled.buffer(40, 40).writeBytes(Packets.rtp(1, 2, 12));
        assertThrows(SrtpException.class, () -> c.protectRtp(full), "no room for the tag");
        assertThrows(SrtpException.class, () -> c.protectRtp(Unpooled.wrappedBuffer(Packets.rtp(1, 3, 12)).asReadOnly()));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    public void srtcpCarriesTheEFlagAndAnIncreasingIndex(SrtpProfile profile) throws Exception {
        SrtpSessionContext[] c = pair(profile);
        byte[] plain = Packets.rtcp(0xBEEF);
        for (int i = 0; i < 3; i++) {
            ByteBuf b = buffer(plain, profile.overhead(), i == 1);
            c[0].protectRtcp(b);
            assertEquals(plain.length + profile.overhead(), b.readableBytes());
            assertEquals(0x80000000 | i, b.getInt(srtcpIndexPosition(profile, b.readableBytes())));
            assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 8, plain.length),
                    Arrays.copyOfRange(bytes(b), 8, plain.length)), "body is encrypted");
            byte[] wire = bytes(b);
            c[1].unprotectRtcp(b);
            assertArrayEquals(plain, bytes(b));
            assertThrows(SrtpException.class, () -> c[1].unprotectRtcp(Unpooled.wrappedBuffer(wire)), "replay");
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    public void unencryptedSrtcpIsAuthenticatedAndItsEFlagCannotBeFlipped(SrtpProfile profile) throws Exception {
        SrtpSessionContext[] c = pair(profile);
        byte[] plain = Packets.rtcp(0xBEEF);
        ByteBuf b = buffer(plain, profile.overhead(), false);
        c[0].protectRtcp(b, false);
        byte[] wire = bytes(b);
        assertArrayEquals(plain, Arrays.copyOf(wire, plain.length), "E flag clear: body in the clear");
        assertEquals(0, wire[srtcpIndexPosition(profile, wire.length)] & 0x80);
        byte[] flipped = wire.clone();
        flipped[srtcpIndexPosition(profile, wire.length)] |= (byte) 0x80;
        assertThrows(SrtpException.class, () -> c[1].unprotectRtcp(Unpooled.wrappedBuffer(flipped)));
        c[1].unprotectRtcp(b);
        assertArrayEquals(plain, bytes(b));
    }

    private static int srtcpIndexPosition(SrtpProfile profile, int length) {
        return profile.aead() ? length - 4 : length - 4 - profile.tagLength();
    }

    protected static byte[] protect(SrtpSessionContext sender, byte[] plain) throws SrtpException {
        ByteBuf b = Unpooled.buffer(plain.length + 20).writeBytes(plain);
        sender.protectRtp(b);
        return bytes(b);
    }
}
