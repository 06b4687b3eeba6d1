package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the RTMP handshake; first in the pipeline, it removes itself once done and
 * hands the bytes that followed C2 to the next handler.
 *
 * <p>Reads C0 and C1, answers S0, S1 and S2 in one write, then waits for C2, which it does not
 * check (clients get it wrong often enough that servers ignore it). Two flavours: the plain one
 * of the specification, where S2 echoes C1, and the digest one Flash-era clients (and FFmpeg, OBS)
 * send, recognised by a valid HMAC-SHA256 digest in C1, where S1 carries a server digest at the
 * same place and S2 ends with a digest keyed by C1's; clients of that flavour reject a plain
 * answer. Only version 3 is served: anything else, RTMPE (6) included, is counted in the injected
 * counter and the connection closed, logged at debug because port scanners do it all day. A
 * handshake that never completes is left to the connection's idle timeout.
 */
final class RtmpHandshakeHandler extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpHandshakeHandler.class);

    static final int VERSION = 3;
    static final int SIZE = 1536;
    static final int DIGEST_SIZE = 32;

    static final byte[] CLIENT_KEY = "Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SERVER_KEY_TEXT = "Genuine Adobe Flash Media Server 001".getBytes(StandardCharsets.US_ASCII);
    /** The server key used for S2: the text followed by 32 constant bytes. */
    static final byte[] SERVER_KEY = concat(SERVER_KEY_TEXT, new byte[] {
        (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, 0x4A, (byte) 0x80, 0x68, (byte) 0xBE, (byte) 0xE8,
        0x2E, 0x00, (byte) 0xD0, (byte) 0xD1, 0x02, (byte) 0x9E, 0x7E, 0x57,
        0x6E, (byte) 0xEC, 0x5D, 0x2D, 0x29, (byte) 0x80, 0x6F, (byte) 0xAB,
        (byte) 0x93, (byte) 0xB8, (byte) 0xE6, 0x36, (byte) 0xCF, (byte) 0xEB, 0x31, (byte) 0xAE});

    /** The version we claim in S1 of a digest handshake; clients only check it is not zero. */
    private static final byte[] SERVER_VERSION = {4, 5, 0, 1};

    private final LongAdder rejected;
    private boolean sentS0S1S2;
    private boolean failed;

    /** @param rejected counts connections closed for an unsupported version */
    RtmpHandshakeHandler(LongAdder rejected) {
        this.rejected = rejected;
    }

    LongAdder rejected() {
        return rejected;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!sentS0S1S2) {
            if (!in.isReadable()) {
                return;
            }
            int version = in.getUnsignedByte(in.readerIndex());
            if (version != VERSION) {
                // Checked on the first byte so that a stranger is turned away without waiting for C1.
                failed = true;
                in.skipBytes(in.readableBytes());
                rejected.increment();
                LOG.debug("{}: RTMP version {} not supported{}, closing", ctx.channel().remoteAddress(), version,
                        version == 6 || version == 8 ? " (RTMPE)" : "");
                ctx.close();
                return;
            }
            if (in.readableBytes() < 1 + SIZE) {
                return;
            }
            byte[] c1 = new byte[SIZE];
            in.skipBytes(1).readBytes(c1);
            ByteBuf s = ctx.alloc().buffer(1 + 2 * SIZE);
            s.writeByte(VERSION);
            writeS1S2(c1, s);
            ctx.writeAndFlush(s);
            sentS0S1S2 = true;
        }
        if (in.readableBytes() < SIZE) {
            return;
        }
        in.skipBytes(SIZE);
        // ByteToMessageDecoder forwards what is left of the cumulation to the next handler on removal.
        ctx.pipeline().remove(this);
    }

    /** Writes S1 and S2 answering {@code c1}, digest flavour when C1 carries a valid digest. */
    static void writeS1S2(byte[] c1, ByteBuf out) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] s1 = new byte[SIZE];
        random.nextBytes(s1);
        // Time 0: we do not use the handshake for round-trip estimation.
        s1[0] = s1[1] = s1[2] = s1[3] = 0;
        int scheme = digestScheme(c1);
        if (scheme < 0) {
            s1[4] = s1[5] = s1[6] = s1[7] = 0;
            out.writeBytes(s1).writeBytes(c1);
            return;
        }
        System.arraycopy(SERVER_VERSION, 0, s1, 4, 4);
        int offset = digestOffset(s1, scheme);
        System.arraycopy(digest(s1, offset, SERVER_KEY_TEXT), 0, s1, offset, DIGEST_SIZE);
        out.writeBytes(s1);

        int c1Offset = digestOffset(c1, scheme);
        byte[] c1Digest = new byte[DIGEST_SIZE];
        System.arraycopy(c1, c1Offset, c1Digest, 0, DIGEST_SIZE);
        byte[] s2 = new byte[SIZE - DIGEST_SIZE];
        random.nextBytes(s2);
        byte[] s2Digest = hmac(hmac(SERVER_KEY, c1Digest), s2);
        out.writeBytes(s2).writeBytes(s2Digest);
    }

    /** The digest scheme (0 or 1) under which {@code c1} carries a valid client digest, or -1. */
    static int digestScheme(byte[] c1) {
        for (int scheme = 0; scheme < 2; scheme++) {
            int offset = digestOffset(c1, scheme);
            byte[] expected = digest(c1, offset, CLIENT_KEY);
            if (MessageDigest.isEqual(expected, Arrays.copyOfRange(c1, offset, offset + DIGEST_SIZE))) {
                return scheme;
            }
        }
        return -1;
    }

    /** Where the digest sits: four bytes at 8 (scheme 0) or 772 (scheme 1) summed, modulo 728, after them. */
    static int digestOffset(byte[] hs, int scheme) {
        int base = scheme == 0 ? 8 : 772;
        int sum = (hs[base] & 0xFF) + (hs[base + 1] & 0xFF) + (hs[base + 2] & 0xFF) + (hs[base + 3] & 0xFF);
        return sum % 728 + base + 4;
    }

    /** HMAC-SHA256 of the handshake packet without the 32 digest bytes at {@code offset}. */
    static byte[] digest(byte[] hs, int offset, byte[] key) {
        Mac mac = mac(key);
        mac.update(hs, 0, offset);
        mac.update(hs, offset + DIGEST_SIZE, hs.length - offset - DIGEST_SIZE);
        return mac.doFinal();
    }

    static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
