package io.strom.ice.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** STUN binding requests written byte by byte, as an attacker or a broken client would send them. */
final class ForgedChecks {

    private ForgedChecks() {
    }

    /** A binding request with USERNAME {@code user} and, unless {@code key} is null, a MESSAGE-INTEGRITY made with it. */
    static byte[] bindingRequest(String user, byte[] key) throws Exception {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        int usernameAttribute = 4 + ((name.length + 3) & ~3);
        int integrityAttribute = key == null ? 0 : 24;
        ByteBuffer b = ByteBuffer.allocate(20 + usernameAttribute + integrityAttribute);
        b.putShort((short) 0x0001).putShort((short) (usernameAttribute + integrityAttribute)).putInt(0x2112A442);
        byte[] transaction = new byte[12];
        ThreadLocalRandom.current().nextBytes(transaction);
        b.put(transaction);
        b.putShort((short) 0x0006).putShort((short) name.length).put(name);
        b.position(20 + usernameAttribute);
        if (key != null) {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(b.array(), 0, 20 + usernameAttribute);
            b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
        }
        return b.array();
    }
}
