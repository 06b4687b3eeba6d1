package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * The part of the H264 and H265 packetizers that does not depend on the codec: reads an AVCC
 * access unit and chooses, NAL unit by NAL unit, between a single-NAL packet, an aggregation
 * packet (consecutive small NAL units sharing one packet, saving per-packet overhead) and
 * fragmentation units (a NAL unit larger than the budget).
 */
abstract class NalPacketizer extends RtpPacketizer {

    /** Aggregated NAL units carry 16-bit sizes. */
    private static final int MAX_AGGREGATED_SIZE = 0xFFFF;

    private final int headerSize;

    /** @param headerSize NAL unit header size in bytes (1 for H264, 2 for H265) */
    NalPacketizer(Options options, int headerSize) {
        super(options);
        this.headerSize = headerSize;
    }

    /** The payload header of an aggregation packet carrying NAL units {@code from} to {@code to} (exclusive). */
    abstract int aggregationHeader(ByteBuf accessUnit, int[] offsets, int from, int to);

    /**
     * Writes the payload header and FU header of one fragment of the NAL unit whose header starts
     * at {@code nal}; they take {@code headerSize + 1} bytes.
     */
    abstract void writeFragmentHeaders(ByteBuf packet, ByteBuf accessUnit, int nal, boolean start, boolean end);

    @Override
    public final boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink) {
        int count = countNalUnits(accessUnit);
        if (count <= 0) {
            return false;
        }
        int[] offsets = new int[count];
        int[] lengths = new int[count];
        int pos = accessUnit.readerIndex();
        for (int i = 0; i < count; i++) {
            lengths[i] = accessUnit.getInt(pos);
            offsets[i] = pos + 4;
            pos += 4 + lengths[i];
        }
        int max = maxPayloadSize();
        for (int i = 0; i < count; ) {
            if (lengths[i] > max) {
                fragment(accessUnit, offsets[i], lengths[i], i == count - 1, rtpTimestamp, sink);
                i++;
                continue;
            }
            int end = i + 1;
            int size = headerSize + 2 + lengths[i];
            while (end < count && size + 2 + lengths[end] <= max
                    && Math.max(lengths[i], lengths[end]) <= MAX_AGGREGATED_SIZE) {
                size += 2 + lengths[end];
                end++;
            }
            if (end - i == 1) {
                ByteBuf packet = startPacket(rtpTimestamp, end == count, lengths[i]);
                packet.writeBytes(accessUnit, offsets[i], lengths[i]);
                sink.accept(packet);
            } else {
                aggregate(accessUnit, offsets, lengths, i, end, size, end == count, rtpTimestamp, sink);
            }
            i = end;
        }
        return true;
    }

    /** The number of NAL units, or -1 when a length is too small for a header or runs past the end. */
    private int countNalUnits(ByteBuf accessUnit) {
        int count = 0;
        int pos = accessUnit.readerIndex();
        int end = accessUnit.writerIndex();
        while (pos < end) {
            if (end - pos < 4) {
                return -1;
            }
            long length = accessUnit.getUnsignedInt(pos);
            if (length < headerSize || length > end - pos - 4) {
                return -1;
            }
            pos += 4 + (int) length;
            count++;
        }
        return count;
    }

    private void aggregate(ByteBuf accessUnit, int[] offsets, int[] lengths, int from, int to, int size,
                           boolean last, long rtpTimestamp, RtpPacketSink sink) {
        ByteBuf packet = startPacket(rtpTimestamp, last, size);
        int header = aggregationHeader(accessUnit, offsets, from, to);
        for (int shift = 8 * (headerSize - 1); shift >= 0; shift -= 8) {
            packet.writeByte(header >>> shift);
        }
        for (int i = from; i < to; i++) {
            packet.writeShort(lengths[i]).writeBytes(accessUnit, offsets[i], lengths[i]);
        }
        sink.accept(packet);
    }

    /** Splits one NAL unit: its header travels in the fragment headers, its body in chunks. */
    private void fragment(ByteBuf accessUnit, int nal, int length, boolean lastNal, long rtpTimestamp,
                          RtpPacketSink sink) {
        int chunk = maxPayloadSize() - headerSize - 1;
        int pos = nal + headerSize;
        int end = nal + length;
        while (pos < end) {
            int n = Math.min(chunk, end - pos);
            boolean start = pos == nal + headerSize;
            boolean finish = pos + n == end;
            ByteBuf packet = startPacket(rtpTimestamp, lastNal && finish, headerSize + 1 + n);
            writeFragmentHeaders(packet, accessUnit, nal, start, finish);
            packet.writeBytes(accessUnit, pos, n);
            sink.accept(packet);
            pos += n;
        }
    }
}
