package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers for the video payload format tests: packet building, collecting sinks. */
final class VideoRtp {

    static final int PT = 96;

    private VideoRtp() {
    }

    /** An RTP packet with the given header fields and payload. */
    static ByteBuf rtp(int seq, long ts, boolean marker, byte... payload) {
        return Unpooled.buffer().writeByte(0x80).writeByte((marker ? 0x80 : 0) | PT).writeShort(seq)
                .writeInt((int) ts).writeInt(0x11223344).writeBytes(payload);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static byte[] random(long seed, int length) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** One access unit as the sink saw it, copied and released. */
    record Unit(byte[] data, long timestamp, boolean randomAccess) {
    }

    /** Collects access units, copying and releasing each. */
    static final class Units implements AccessUnitSink {
        final List<Unit> list = new ArrayList<>();

        @Override
        public void accept(ByteBuf accessUnit, long rtpTimestamp, boolean randomAccess) {
            list.add(new Unit(ByteBufUtil.getBytes(accessUnit), rtpTimestamp, randomAccess));
            assertTrue(accessUnit.release());
        }
    }

    /** Collects packets. */
    static final class Packets implements RtpPacketSink {
        final List<ByteBuf> list = new ArrayList<>();

        @Override
        public void accept(ByteBuf packet) {
            list.add(packet);
        }

        /** Checks the marker is on the last packet only and the budget holds. */
        void assertShape(int maxPacketSize) {
            for (int i = 0; i < list.size(); i++) {
                ByteBuf p = list.get(i);
                assertTrue(p.readableBytes() <= maxPacketSize, "packet " + i + " is " + p.readableBytes() + " bytes");
                assertEquals(i == list.size() - 1, RtpPackets.marker(p), "marker on packet " + i);
            }
        }

        /** Feeds every packet to the depacketizer, then releases them. */
        void feed(RtpDepacketizer depacketizer, AccessUnitSink sink) {
            for (ByteBuf p : list) {
                depacketizer.depacketize(p, sink);
                assertTrue(p.release());
            }
            list.clear();
        }

        void release() {
            list.forEach(ByteBuf::release);
            list.clear();
        }
    }

    static RtpPacketizer.Options options(int maxPacketSize) {
        return new RtpPacketizer.Options(UnpooledByteBufAllocator.DEFAULT, PT, 0x11223344L, 65530, maxPacketSize);
    }

    /** Packetizes then depacketizes one access unit and checks it comes back byte for byte. */
    static Unit roundTrip(RtpPacketizer packetizer, RtpDepacketizer depacketizer, byte[] accessUnit, int maxPacketSize) {
        Packets packets = new Packets();
        ByteBuf in = Unpooled.wrappedBuffer(accessUnit);
        assertTrue(packetizer.packetize(in, 1234, packets));
        assertEquals(0, in.readerIndex());
        in.release();
        packets.assertShape(maxPacketSize);
        Units units = new Units();
        packets.feed(depacketizer, units);
        assertEquals(1, units.list.size());
        assertEquals(0, depacketizer.droppedPackets());
        Unit unit = units.list.get(0);
        assertEquals(1234, unit.timestamp());
        return unit;
    }
}
