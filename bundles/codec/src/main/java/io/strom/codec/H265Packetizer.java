package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Splits H265 access units in the AVCC layout into RTP packets (RFC 7798, without decoding order
 * numbers): single NAL unit packets, aggregation packets for runs of small NAL units (typically
 * VPS, SPS and PPS before a keyframe) and fragmentation units for NAL units larger than the budget.
 */
public final class H265Packetizer extends NalPacketizer {

    public H265Packetizer(RtpPacketizer.Options options) {
        super(options, 2);
    }

    /**
     * F is set if any aggregated unit has it; LayerId and TID are the lowest of the aggregated
     * units (RFC 7798 section 4.4.2).
     */
    @Override
    int aggregationHeader(ByteBuf accessUnit, int[] offsets, int from, int to) {
        int forbidden = 0;
        int layerId = 0x3F;
        int tid = 0x7;
        for (int i = from; i < to; i++) {
            int header = accessUnit.getUnsignedShort(offsets[i]);
            forbidden |= header & 0x8000;
            layerId = Math.min(layerId, (header >> 3) & 0x3F);
            tid = Math.min(tid, header & 0x7);
        }
        return forbidden | H265Depacketizer.AP << 9 | layerId << 3 | tid;
    }

    @Override
    void writeFragmentHeaders(ByteBuf packet, ByteBuf accessUnit, int nal, boolean start, boolean end) {
        int b0 = accessUnit.getUnsignedByte(nal);
        packet.writeByte((b0 & 0x81) | H265Depacketizer.FU << 1);
        packet.writeByte(accessUnit.getUnsignedByte(nal + 1));
        packet.writeByte((start ? 0x80 : 0) | (end ? 0x40 : 0) | ((b0 >> 1) & 0x3F));
    }
}
