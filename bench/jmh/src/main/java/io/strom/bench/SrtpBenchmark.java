package io.strom.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.strom.api.srtp.SrtpCipherSuite;
import io.strom.api.srtp.SrtpContext;
import io.strom.api.srtp.SrtpException;
import io.strom.srtp.bc.internal.BcPrimitives;
import io.strom.srtp.internal.JcePrimitives;
import io.strom.srtp.internal.transform.CipherPrimitives;
import io.strom.srtp.internal.transform.ProviderCipherSuite;
import io.strom.srtp.internal.transform.SrtpProfile;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SRTP protect and unprotect of 1200-byte RTP packets (12-byte header, 1188 bytes of payload), per
 * profile and provider, on one thread: the throughput is packets per second per core. Buffers
 * are heap buffers with room for the tag, as the WebRTC bundle sends them.
 *
 * <p>Protect re-protects one buffer with the next sequence number each time (in-place encryption
 * of the previous ciphertext costs the same). Unprotect needs a fresh, never-seen packet each
 * time: {@value #RING} packets are protected at set-up and copied into the work buffer before each
 * unprotect (a 1.2 KB copy, a few percent of the figure); after each pass a new receiving context
 * starts over, so no packet is a replay.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpBenchmark {

    static final int PACKET = 1200;
    static final int RING = 4096;

    @Param({"SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_256_GCM", "SRTP_AES128_CM_HMAC_SHA1_80"})
    public String profile;

    @Param({"jce", "bc"})
    public String provider;

    private SrtpCipherSuite suite;
    private byte[] masterKey;
    private byte[] masterSalt;
    private SrtpContext sender;
    private SrtpContext receiver;
    private ByteBuf work;
    private byte[][] received;
    private int next;
    private int seq;

    @Setup
    public void setUp() throws SrtpException {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        CipherPrimitives primitives = provider.equals("jce") ? new JcePrimitives() : new BcPrimitives();
        suite = new ProviderCipherSuite(p, primitives);
        Random random = new Random(1);
        masterKey = new byte[suite.keyLength()];
        masterSalt = new byte[suite.saltLength()];
        random.nextBytes(masterKey);
        random.nextBytes(masterSalt);
        sender = suite.createContext(masterKey, masterSalt);
        receiver = suite.createContext(masterKey, masterSalt);
        work = Unpooled.buffer(PACKET + suite.overhead());
        byte[] payload = new byte[PACKET - 12];
        random.nextBytes(payload);
        SrtpContext ringSender = suite.createContext(masterKey, masterSalt);
        received = new byte[RING][];
        for (int i = 0; i < RING; i++) {
            ByteBuf b = Unpooled.buffer(PACKET + suite.overhead());
            b.writeByte(0x80).writeByte(96).writeShort(i).writeInt(i * 3000).writeInt(0x1234ABCD).writeBytes(payload);
            ringSender.protectRtp(b);
            received[i] = new byte[b.readableBytes()];
            b.readBytes(received[i]);
        }
        work.writeByte(0x80).writeByte(96).writeShort(0).writeInt(0).writeInt(0x1234ABCD).writeBytes(payload);
    }

    @Benchmark
    public ByteBuf protect() throws SrtpException {
        work.setShort(2, seq++);
        work.writerIndex(PACKET);
        sender.protectRtp(work);
        return work;
    }

    @Benchmark
    public ByteBuf unprotect() throws SrtpException {
        if (next == RING) {
            next = 0;
            receiver = suite.createContext(masterKey, masterSalt);
        }
        byte[] packet = received[next++];
        work.clear().writeBytes(packet);
        receiver.unprotectRtp(work);
        return work;
    }
}
