package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Splits H264 access units in the AVCC layout into RTP packets (RFC 6184, packetization mode 1):
 * single NAL unit packets, STAP-A for runs of small NAL units (typically SPS, PPS and SEI before
 * a keyframe) and FU-A for NAL units larger than the packet budget.
 */
public final class H264Packetizer extends NalPacketizer {

    public H264Packetizer(RtpPacketizer.Options options) {
        super(options, 1);
    }

    /** F is set if any aggregated unit has it, NRI is the highest (RFC 6184 section 5.7). */
    @Override
    int aggregationHeader(ByteBuf accessUnit, int[] offsets, int from, int to) {
        int forbidden = 0;
        int nri = 0;
        for (int i = from; i < to; i++) {
            int header = accessUnit.getUnsignedByte(offsets[i]);
            forbidden |= header & 0x80;
            nri = Math.max(nri, header & 0x60);
        }
        return forbidden | nri | H264Payloads.STAP_A;
    }

    @Override
    void writeFragmentHeaders(ByteBuf packet, ByteBuf accessUnit, int nal, boolean start, boolean end) {
        int header = accessUnit.getUnsignedByte(nal);
        packet.writeByte((header & 0xE0) | H264Payloads.FU_A);
        packet.writeByte((start ? 0x80 : 0) | (end ? 0x40 : 0) | (header & 0x1F));
    }
}
