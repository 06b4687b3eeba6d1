package io.strom.srtp.bc.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.strom.api.srtp.SrtpContext;
import io.strom.srtp.internal.transform.Packets;
import io.strom.srtp.internal.transform.ProviderCipherSuite;
import io.strom.srtp.internal.transform.SrtpProfile;
import io.strom.srtp.internal.transform.SrtpProviderContract;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The shared packet logic allocates nothing per packet: on Bouncy Castle's AES-CM and HMAC, whose
 * API needs no per-packet objects, protect and unprotect together must stay under one byte per
 * packet, measured with the JVM's per-thread allocation counter. (The GCM paths allocate inside
 * the providers' init, see bench/RESULTS.md.)
 */
class BcAllocationTest {

    @Test
    void cmProtectAndUnprotectAllocateNothingPerPacket() throws Exception {
        SrtpProfile profile = SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;
        ProviderCipherSuite suite = new ProviderCipherSuite(profile, new BcPrimitives());
        SrtpContext sender = suite.createContext(SrtpProviderContract.masterKey(profile),
                SrtpProviderContract.masterSalt(profile));
        SrtpContext receiver = suite.createContext(SrtpProviderContract.masterKey(profile),
                SrtpProviderContract.masterSalt(profile));
        byte[] plain = Packets.rtp(7, 0, 1000);
        ByteBuf b = Unpooled.buffer(plain.length + suite.overhead());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int packets = 40_000;
        long before = 0;
        for (int i = 0; i < packets; i++) {
            if (i == packets / 2) {
                before = threads.getCurrentThreadAllocatedBytes();
            }
            b.clear().writeBytes(plain).setShort(2, i);
            sender.protectRtp(b);
            receiver.unprotectRtp(b);
        }
        double perPacket = (threads.getCurrentThreadAllocatedBytes() - before) / (packets / 2.0);
        assertTrue(perPacket < 1, perPacket + " bytes allocated per packet");
    }
}
