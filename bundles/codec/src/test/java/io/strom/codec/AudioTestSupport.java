package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers of the audio payload format tests: sinks that collect, and buffers to compare. */
final class AudioTestSupport {

    private AudioTestSupport() {
    }

    /** An access unit as emitted: bytes copied out, the buffer already released. */
    record Unit(byte[] bytes, long timestamp) {
    }

    /** Collects access units, copying and releasing each. */
    static final class Units implements AccessUnitSink {
        final List<Unit> units = new ArrayList<>();

        @Override
        public void accept(ByteBuf accessUnit, long rtpTimestamp, boolean randomAccess) {
            units.add(new Unit(ByteBufUtil.getBytes(accessUnit), rtpTimestamp));
            accessUnit.release();
        }
    }

    /** Collects packets; {@link #releaseAll} frees them. */
    static final class Packets implements RtpPacketSink {
        final List<ByteBuf> packets = new ArrayList<>();

        @Override
        public void accept(ByteBuf packet) {
            packets.add(packet);
        }

        /** Feeds every packet to a depacketizer, then releases it. */
        void feed(RtpDepacketizer depacketizer, AccessUnitSink sink) {
            for (ByteBuf p : packets) {
                depacketizer.depacketize(p, sink);
            }
            releaseAll();
        }

        void releaseAll() {
            packets.forEach(ByteBuf::release);
            packets.clear();
        }
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] payload(ByteBuf packet) {
        return ByteBufUtil.getBytes(packet, packet.readerIndex() + RtpPackets.payloadOffset(packet),
                RtpPackets.payloadLength(packet));
    }

    static void assertUnit(byte[] expected, long timestamp, Unit actual) {
        assertArrayEquals(expected, actual.bytes());
        assertEquals(timestamp, actual.timestamp());
    }

    /** Feeds one packet built by {@link RtpPacketsTest#rtp} and releases it. */
    static void feed(RtpDepacketizer d, AccessUnitSink sink, int seq, long ts, boolean marker, byte[] payload) {
        ByteBuf p = RtpPacketsTest.rtp(97, seq, ts, marker, payload);
        d.depacketize(p, sink);
        p.release();
    }

    static byte[] concat(byte[]... parts) {
        ByteBuf b = Unpooled.buffer();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return ByteBufUtil.getBytes(b);
    }
}
