package io.strom.ice.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the MESSAGE-INTEGRITY of a STUN message (RFC 5389 section 15.4) with an ICE short-term
 * password, on the raw bytes: the HMAC-SHA1 covers the message up to the attribute, with the
 * header's length counting up to the attribute's end.
 */
final class StunIntegrity {

    private static final int HEADER = 20;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int HMAC_LENGTH = 20;

    private StunIntegrity() {
    }

    /** Whether {@code message} is a STUN message whose MESSAGE-INTEGRITY is right for {@code key}; false if it has none. */
    static boolean verify(byte[] message, int offset, int length, byte[] key) {
        if (length < HEADER || (message[offset] & 0xC0) != 0 || readInt(message, offset + 4) != MAGIC_COOKIE) {
            return false;
        }
        int end = offset + Math.min(length, HEADER + readShort(message, offset + 2));
        int at = offset + HEADER;
        while (at + 4 <= end) {
            int type = readShort(message, at);
            int valueLength = readShort(message, at + 2);
            if (type == MESSAGE_INTEGRITY) {
                return valueLength == HMAC_LENGTH && at + 4 + HMAC_LENGTH <= end
                        && matches(message, offset, at, key);
            }
            at += 4 + ((valueLength + 3) & ~3);
        }
        return false;
    }

    private static boolean matches(byte[] message, int offset, int attribute, byte[] key) {
        byte[] covered = new byte[attribute - offset];
        System.arraycopy(message, offset, covered, 0, covered.length);
        int lengthToAttributeEnd = covered.length - HEADER + 4 + HMAC_LENGTH;
        covered[2] = (byte) (lengthToAttributeEnd >> 8);
        covered[3] = (byte) lengthToAttributeEnd;
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            expected = mac.doFinal(covered);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
        byte[] actual = new byte[HMAC_LENGTH];
        System.arraycopy(message, attribute + 4, actual, 0, HMAC_LENGTH);
        return MessageDigest.isEqual(expected, actual);
    }

    private static int readShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int at) {
        return (readShort(b, at) << 16) | readShort(b, at + 2);
    }
}
