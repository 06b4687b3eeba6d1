package io.strom.e2e;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** STUN connectivity checks as an attacker would forge them, for the tests of ICE ports. */
final class StunChecks {

    private StunChecks() {
    }

    /** A binding request with USERNAME {@code username} ({@code local:remote}) and a random MESSAGE-INTEGRITY. */
    static byte[] forged(String username) {
        byte[] name = username.getBytes(StandardCharsets.US_ASCII);
        int padded = (name.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(20 + 4 + padded + 24);
        b.putShort((short) 0x0001).putShort((short) (b.capacity() - 20)).putInt(0x2112A442);
        byte[] random = new byte[12 + 20];
        ThreadLocalRandom.current().nextBytes(random);
        b.put(random, 0, 12);
        b.putShort((short) 0x0006).putShort((short) name.length).put(name).position(20 + 4 + padded);
        b.putShort((short) 0x0008).putShort((short) 20).put(random, 12, 20);
        return b.array();
    }
}
