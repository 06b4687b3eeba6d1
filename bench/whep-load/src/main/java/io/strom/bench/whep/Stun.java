package io.strom.bench.whep;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few STUN messages an ICE agent in the controlling role needs (RFC 8489, RFC 8445): binding
 * requests with USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY and
 * FINGERPRINT, and success responses with XOR-MAPPED-ADDRESS to the peer's checks. Messages are
 * written into a caller's buffer; one instance per I/O thread (it holds a Mac and a CRC).
 */
final class Stun {
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;
    static final int MAGIC_COOKIE = 0x2112A442;

    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int XOR_MAPPED_ADDRESS = 0x0020;
    private static final int PRIORITY = 0x0024;
    private static final int USE_CANDIDATE = 0x0025;
    private static final int FINGERPRINT = 0x8028;
    private static final int ICE_CONTROLLING = 0x802A;
    private static final int FINGERPRINT_XOR = 0x5354554E;
    /** Priority of a peer-reflexive candidate we might be seen as (RFC 8445 5.1.2.1, type preference 110). */
    static final int PRFLX_PRIORITY = (110 << 24) | (65535 << 8) | 255;

    private final Mac mac;
    private final CRC32 crc = new CRC32();
    private final byte[] tag = new byte[20];

    Stun() {
        try {
            mac = Mac.getInstance("HmacSHA1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA1 in this JDK", e);
        }
    }

    /** Whether the datagram's first byte says STUN (RFC 7983: 0..3) and the cookie is there. */
    static boolean isStun(ByteBuffer b) {
        return b.remaining() >= 20 && (b.get(0) & 0xFF) < 4 && b.getInt(4) == MAGIC_COOKIE;
    }

    static int type(ByteBuffer b) {
        return b.getShort(0) & 0xFFFF;
    }

    /** Whether two messages have the same transaction ID (bytes 8..19). */
    static boolean sameTransaction(ByteBuffer b, byte[] transaction) {
        for (int i = 0; i < 12; i++) {
            if (b.get(8 + i) != transaction[i]) {
                return false;
            }
        }
        return true;
    }

    static void newTransaction(byte[] transaction) {
        ThreadLocalRandom.current().nextBytes(transaction);
    }

    /**
     * Writes a binding request (a connectivity check with USE-CANDIDATE: aggressive nomination, as
     * browsers do in effect for a single pair) into {@code out}, flipped for sending.
     *
     * @param username {@code remoteUfrag:localUfrag}
     * @param key      the remote ice-pwd as bytes
     */
    void bindingRequest(ByteBuffer out, byte[] transaction, byte[] username, byte[] key, long tieBreaker,
                        boolean useCandidate) {
        out.clear();
        header(out, BINDING_REQUEST, transaction);
        attribute(out, USERNAME, username, username.length);
        out.putShort((short) PRIORITY).putShort((short) 4).putInt(PRFLX_PRIORITY);
        out.putShort((short) ICE_CONTROLLING).putShort((short) 8).putLong(tieBreaker);
        if (useCandidate) {
            out.putShort((short) USE_CANDIDATE).putShort((short) 0);
        }
        integrityAndFingerprint(out, key);
    }

    /** Writes the success response to the request in {@code request}, seen from {@code from}. */
    void bindingSuccess(ByteBuffer out, ByteBuffer request, byte[] fromAddress, int fromPort, byte[] key) {
        out.clear();
        out.putShort((short) BINDING_SUCCESS).putShort((short) 0).putInt(MAGIC_COOKIE);
        for (int i = 0; i < 12; i++) {
            out.put(request.get(8 + i));
        }
        boolean v6 = fromAddress.length == 16;
        out.putShort((short) XOR_MAPPED_ADDRESS).putShort((short) (v6 ? 20 : 8));
        out.put((byte) 0).put((byte) (v6 ? 2 : 1)).putShort((short) (fromPort ^ (MAGIC_COOKIE >>> 16)));
        for (int i = 0; i < fromAddress.length; i++) {
            int maskByte = i < 4 ? (MAGIC_COOKIE >>> (24 - 8 * i)) & 0xFF : request.get(8 + i - 4);
            out.put((byte) (fromAddress[i] ^ maskByte));
        }
        integrityAndFingerprint(out, key);
    }

    /**
     * Whether the USERNAME of a request starts with {@code localUfrag + ":"} (the request is for
     * us) and its MESSAGE-INTEGRITY verifies under {@code key}.
     */
    boolean verifyRequest(ByteBuffer b, byte[] localUfrag, byte[] key) {
        int length = b.getShort(2) & 0xFFFF;
        int end = Math.min(20 + length, b.limit());
        boolean userOk = false;
        for (int pos = 20; pos + 4 <= end; ) {
            int type = b.getShort(pos) & 0xFFFF;
            int len = b.getShort(pos + 2) & 0xFFFF;
            if (type == USERNAME) {
                userOk = len > localUfrag.length && b.get(pos + 4 + localUfrag.length) == ':';
                for (int i = 0; userOk && i < localUfrag.length; i++) {
                    userOk = b.get(pos + 4 + i) == localUfrag[i];
                }
            } else if (type == MESSAGE_INTEGRITY && len == 20 && pos + 24 <= end) {
                return userOk && integrityMatches(b, pos, key);
            }
            pos += 4 + ((len + 3) & ~3);
        }
        return false;
    }

    private boolean integrityMatches(ByteBuffer b, int miPos, byte[] key) {
        int savedLength = b.getShort(2);
        b.putShort(2, (short) (miPos + 24 - 20));
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            ByteBuffer covered = b.duplicate();
            covered.position(0).limit(miPos);
            mac.update(covered);
            mac.doFinal(tag, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            b.putShort(2, (short) savedLength);
        }
        for (int i = 0; i < 20; i++) {
            if (b.get(miPos + 4 + i) != tag[i]) {
                return false;
            }
        }
        return true;
    }

    private static void header(ByteBuffer out, int type, byte[] transaction) {
        out.putShort((short) type).putShort((short) 0).putInt(MAGIC_COOKIE).put(transaction, 0, 12);
    }

    private static void attribute(ByteBuffer out, int type, byte[] value, int length) {
        out.putShort((short) type).putShort((short) length).put(value, 0, length);
        for (int pad = (4 - length % 4) % 4; pad > 0; pad--) {
            out.put((byte) 0);
        }
    }

    /** Appends MESSAGE-INTEGRITY and FINGERPRINT, fixing the header length before each, and flips. */
    private void integrityAndFingerprint(ByteBuffer out, byte[] key) {
        int miPos = out.position();
        out.putShort(2, (short) (miPos + 24 - 20));
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(out.array(), out.arrayOffset(), miPos);
            mac.doFinal(tag, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        out.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(tag, 0, 20);
        int fpPos = out.position();
        out.putShort(2, (short) (fpPos + 8 - 20));
        crc.reset();
        crc.update(out.array(), out.arrayOffset(), fpPos);
        out.putShort((short) FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue() ^ FINGERPRINT_XOR);
        out.flip();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
