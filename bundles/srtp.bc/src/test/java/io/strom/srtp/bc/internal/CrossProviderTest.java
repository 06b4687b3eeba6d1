package io.strom.srtp.bc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.strom.api.srtp.SrtpCipherSuite;
import io.strom.api.srtp.SrtpContext;
import io.strom.srtp.internal.JcePrimitives;
import io.strom.srtp.internal.transform.CipherPrimitives;
import io.strom.srtp.internal.transform.Packets;
import io.strom.srtp.internal.transform.ProviderCipherSuite;
import io.strom.srtp.internal.transform.SrtpProfile;
import io.strom.srtp.internal.transform.SrtpProviderContract;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Packets protected by one provider are unprotected by the other, through the SPI, for every profile. */
class CrossProviderTest {

    static Stream<Arguments> directions() {
        CipherPrimitives jce = new JcePrimitives();
        CipherPrimitives bc = new BcPrimitives();
        return Arrays.stream(SrtpProfile.values()).flatMap(p -> Stream.of(
                Arguments.of(p, jce, bc), Arguments.of(p, bc, jce)));
    }

    @ParameterizedTest(name = "{0}: {1} to {2}")
    @MethodSource("directions")
    void rtpAndRtcpCrossProviders(SrtpProfile profile, CipherPrimitives from, CipherPrimitives to) throws Exception {
        SrtpCipherSuite sending = new ProviderCipherSuite(profile, from);
        SrtpCipherSuite receiving = new ProviderCipherSuite(profile, to);
        byte[] key = SrtpProviderContract.masterKey(profile);
        byte[] salt = SrtpProviderContract.masterSalt(profile);
        SrtpContext sender = sending.createContext(key, salt);
        SrtpContext receiver = receiving.createContext(key, salt);
        for (int seq = 65530; seq < 65540; seq++) {
            byte[] plain = Packets.rtp(0x5EED, seq & 0xffff, 1200);
            ByteBuf b = Unpooled.buffer(plain.length + sending.overhead()).writeBytes(plain);
            sender.protectRtp(b);
            receiver.unprotectRtp(b);
            assertArrayEquals(plain, ByteBufUtil.getBytes(b), "sequence " + (seq & 0xffff));
        }
        byte[] report = Packets.rtcp(0x5EED);
        ByteBuf r = Unpooled.buffer(report.length + sending.overhead()).writeBytes(report);
        sender.protectRtcp(r);
        receiver.unprotectRtcp(r);
        assertArrayEquals(report, ByteBufUtil.getBytes(r));
    }
}
