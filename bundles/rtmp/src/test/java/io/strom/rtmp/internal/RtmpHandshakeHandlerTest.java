package io.strom.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class RtmpHandshakeHandlerTest {

    private static final int SIZE = 1536;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] hmac(byte[] key, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    private static int offset(byte[] hs, int scheme) {
        int base = scheme == 0 ? 8 : 772;
        int sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += hs[base + i] & 0xFF;
        }
        return sum % 728 + (scheme == 0 ? 12 : 776);
    }

    /** HMAC over the packet without its 32 digest bytes, computed independently of the handler. */
    private static byte[] digestAt(byte[] hs, int off, byte[] key) throws Exception {
        return hmac(key, Arrays.copyOfRange(hs, 0, off), Arrays.copyOfRange(hs, off + 32, hs.length));
    }

    private static byte[] readAll(ByteBuf b) {
        byte[] bytes = ByteBufUtil.getBytes(b);
        b.release();
        return bytes;
    }

    private static EmbeddedChannel channel(LongAdder rejected) {
        return new EmbeddedChannel(new RtmpHandshakeHandler(rejected));
    }

    @Test
    void plainHandshakeEchoesC1AndRemovesItselfAfterC2() {
        EmbeddedChannel ch = channel(new LongAdder());
        byte[] c1 = random(SIZE, 1);
        c1[4] = c1[5] = c1[6] = c1[7] = 0;
        ch.writeInbound(Unpooled.buffer().writeByte(3).writeBytes(c1, 0, 1000));
        assertNull(ch.readOutbound(), "nothing before the whole of C1");
        ch.writeInbound(Unpooled.wrappedBuffer(c1, 1000, SIZE - 1000));
        byte[] s = readAll(ch.readOutbound());
        assertEquals(1 + 2 * SIZE, s.length);
        assertEquals(3, s[0]);
        assertArrayEquals(new byte[8], Arrays.copyOfRange(s, 1, 9), "S1 time and zero field");
        assertArrayEquals(c1, Arrays.copyOfRange(s, 1 + SIZE, s.length), "S2 echoes C1");
        assertNotNull(ch.pipeline().get(RtmpHandshakeHandler.class));
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(s, 1, 1 + SIZE)));
        assertNull(ch.pipeline().get(RtmpHandshakeHandler.class), "removed after C2");
        assertNull(ch.readInbound(), "no bytes followed C2");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void digestHandshakeAnswersWithValidServerDigests() throws Exception {
        byte[] clientKey = "Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII);
        byte[] serverText = "Genuine Adobe Flash Media Server 001".getBytes(StandardCharsets.US_ASCII);
        byte[] serverKey = Arrays.copyOf(serverText, serverText.length + 32);
        int[] constant = {0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
            0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE};
        for (int i = 0; i < 32; i++) {
            serverKey[serverText.length + i] = (byte) constant[i];
        }
        for (int scheme = 0; scheme < 2; scheme++) {
            byte[] c1 = random(SIZE, 10 + scheme);
            c1[4] = 9;
            c1[5] = 0;
            c1[6] = 124;
            c1[7] = 2;
            int off = offset(c1, scheme);
            byte[] c1Digest = digestAt(c1, off, clientKey);
            System.arraycopy(c1Digest, 0, c1, off, 32);

            EmbeddedChannel ch = channel(new LongAdder());
            ch.writeInbound(Unpooled.buffer().writeByte(3).writeBytes(c1));
            byte[] s = readAll(ch.readOutbound());
            byte[] s1 = Arrays.copyOfRange(s, 1, 1 + SIZE);
            byte[] s2 = Arrays.copyOfRange(s, 1 + SIZE, s.length);
            int sOff = offset(s1, scheme);
            assertArrayEquals(digestAt(s1, sOff, serverText), Arrays.copyOfRange(s1, sOff, sOff + 32), "S1 digest, scheme " + scheme);
            assertTrue(s1[4] != 0 || s1[5] != 0 || s1[6] != 0 || s1[7] != 0, "S1 carries a server version");
            byte[] expectedS2 = hmac(hmac(serverKey, c1Digest), Arrays.copyOf(s2, SIZE - 32));
            assertArrayEquals(expectedS2, Arrays.copyOfRange(s2, SIZE - 32, SIZE), "S2 digest, scheme " + scheme);
            assertEquals(scheme, RtmpHandshakeHandler.digestScheme(c1));
            assertFalse(ch.finishAndReleaseAll());
        }
    }

    @Test
    void wrongVersionIsCountedAndClosesTheChannel() {
        LongAdder rejected = new LongAdder();
        EmbeddedChannel ch = channel(rejected);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {6, 1, 2, 3}));
        assertFalse(ch.isOpen());
        assertEquals(1, rejected.sum());
        assertNull(ch.readOutbound());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void bytesAfterC2InTheSameBufferGoToTheNextHandler() {
        EmbeddedChannel ch = channel(new LongAdder());
        byte[] c1 = random(SIZE, 2);
        ByteBuf in = Unpooled.buffer().writeByte(3).writeBytes(c1).writeBytes(new byte[SIZE]).writeBytes(new byte[] {7, 8, 9});
        ch.writeInbound(in);
        readAll(ch.readOutbound());
        assertNull(ch.pipeline().get(RtmpHandshakeHandler.class));
        ByteBuf rest = ch.readInbound();
        assertArrayEquals(new byte[] {7, 8, 9}, readAll(rest));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void chunksInTheBufferWithC2ReachTheChunkDecoder() {
        RtmpChunkDecoder decoder = new RtmpChunkDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(new RtmpHandshakeHandler(new LongAdder()), decoder);
        ByteBuf in = Unpooled.buffer().writeByte(3).writeBytes(random(SIZE, 3)).writeBytes(new byte[SIZE]);
        in.writeByte(3).writeMedium(0).writeMedium(2).writeByte(RtmpMessageTypes.COMMAND_AMF0).writeIntLE(0).writeShort(0x0102);
        ch.writeInbound(in);
        readAll(ch.readOutbound());
        RtmpMessage m = ch.readInbound();
        assertEquals(RtmpMessageTypes.COMMAND_AMF0, m.typeId());
        assertArrayEquals(new byte[] {1, 2}, ByteBufUtil.getBytes(m.payload()));
        m.release();
        assertEquals(14, decoder.bytesReceived(), "handshake bytes are not counted");
        assertFalse(ch.finishAndReleaseAll());
    }
}
