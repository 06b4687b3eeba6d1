package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Builds RTP packets and AVCC access units for the H264 and H265 tests, and checks buffers are released. */
final class NalTesting {

    private NalTesting() {
    }

    /** An allocator that remembers its buffers, so a test can check every one was released. */
    static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> buffers = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            buffers.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            buffers.add(b);
            return b;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void assertAllReleased() {
            for (ByteBuf b : buffers) {
                assertEquals(0, b.refCnt(), "a buffer from the allocator was not released");
            }
        }
    }

    /** One access unit a depacketizer emitted, copied out so the buffer can be released at once. */
    record Unit(byte[] bytes, long timestamp, boolean randomAccess) {
    }

    /** Collects access units, releasing each. */
    static final class Units implements AccessUnitSink {
        final List<Unit> list = new ArrayList<>();

        @Override
        public void accept(ByteBuf accessUnit, long rtpTimestamp, boolean randomAccess) {
            list.add(new Unit(ByteBufUtil.getBytes(accessUnit), rtpTimestamp, randomAccess));
            accessUnit.release();
        }
    }

    /** Collects packets as byte arrays, releasing each. */
    static final class Packets implements RtpPacketSink {
        final List<byte[]> list = new ArrayList<>();

        @Override
        public void accept(ByteBuf packet) {
            list.add(ByteBufUtil.getBytes(packet));
            packet.release();
        }
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** A NAL unit: the given header bytes followed by {@code bodySize} bytes of a counting pattern. */
    static byte[] nal(int bodySize, int... header) {
        byte[] b = new byte[header.length + bodySize];
        for (int i = 0; i < header.length; i++) {
            b[i] = (byte) header[i];
        }
        for (int i = 0; i < bodySize; i++) {
            b[header.length + i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** NAL units in the AVCC layout. */
    static byte[] avcc(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.writeBytes(bytes(n.length >>> 24, n.length >>> 16, n.length >>> 8, n.length));
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    /** An aggregation payload: the payload header, then each NAL unit after its 16-bit size. */
    static byte[] aggregation(byte[] header, byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        for (byte[] n : nals) {
            out.writeBytes(bytes(n.length >>> 8, n.length));
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    static ByteBuf rtp(int sequence, long timestamp, boolean marker, byte[] payload) {
        ByteBuf b = Unpooled.buffer(12 + payload.length);
        b.writeByte(0x80).writeByte((marker ? 0x80 : 0) | 96).writeShort(sequence).writeInt((int) timestamp)
                .writeInt(0x1234).writeBytes(payload);
        return b;
    }

    /** Feeds one packet and releases it. */
    static void feed(RtpDepacketizer d, Units units, int sequence, long timestamp, boolean marker, byte[] payload) {
        ByteBuf packet = rtp(sequence, timestamp, marker, payload);
        d.depacketize(packet, units);
        assertEquals(1, packet.refCnt(), "the depacketizer must not release the packet");
        packet.release();
    }

    /** Feeds packets a packetizer wrote, checking the RTP header fields on the way. */
    static void feedAll(RtpDepacketizer d, Units units, List<byte[]> packets) {
        for (byte[] p : packets) {
            ByteBuf packet = Unpooled.wrappedBuffer(p);
            d.depacketize(packet, units);
            packet.release();
        }
    }

    /** Checks a packetizer's output: within budget, continuous sequence numbers, marker on the last only. */
    static void assertWellFormed(List<byte[]> packets, int maxPacketSize, int firstSequence, long timestamp) {
        assertTrue(!packets.isEmpty());
        for (int i = 0; i < packets.size(); i++) {
            ByteBuf p = Unpooled.wrappedBuffer(packets.get(i));
            assertTrue(p.readableBytes() <= maxPacketSize, "packet " + i + " exceeds the budget: " + p.readableBytes());
            assertEquals(RtpPackets.HEADER_SIZE, RtpPackets.payloadOffset(p));
            assertEquals((firstSequence + i) & 0xFFFF, RtpPackets.sequenceNumber(p), "sequence of packet " + i);
            assertEquals(timestamp, RtpPackets.timestamp(p));
            assertEquals(96, RtpPackets.payloadType(p));
            assertEquals(0x1234, RtpPackets.ssrc(p));
            assertEquals(i == packets.size() - 1, RtpPackets.marker(p), "marker of packet " + i);
        }
    }

    /** The payload of a packet with a bare 12-byte header. */
    static byte[] payload(byte[] packet) {
        byte[] out = new byte[packet.length - RtpPackets.HEADER_SIZE];
        System.arraycopy(packet, RtpPackets.HEADER_SIZE, out, 0, out.length);
        return out;
    }
}
