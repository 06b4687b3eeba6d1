package io.strom.ice.lite.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-built connectivity checks (RFC 8489 layout), for cases a real agent never sends. */
final class Checks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Checks() {
    }

    /** A Binding request with USERNAME, optional USE-CANDIDATE, MESSAGE-INTEGRITY keyed by {@code pwd}, FINGERPRINT. */
    static byte[] binding(String username, String pwd, boolean useCandidate) throws Exception {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int userPadded = (user.length + 3) / 4 * 4;
        int length = 4 + userPadded + (useCandidate ? 4 : 0) + 24 + 8;
        ByteBuffer b = ByteBuffer.allocate(20 + length);
        b.putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442);
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        b.put(tx);
        b.putShort((short) 0x0006).putShort((short) user.length).put(user);
        b.position(b.position() + userPadded - user.length);
        if (useCandidate) {
            b.putShort((short) 0x0025).putShort((short) 0);
        }
        int integrityAt = b.position();
        b.putShort(2, (short) (integrityAt - 20 + 24));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(pwd.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(b.array(), 0, integrityAt);
        b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
        int fingerprintAt = b.position();
        b.putShort(2, (short) length);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, fingerprintAt);
        b.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554E);
        return b.array();
    }
}
