package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Writes Opus packets as RTP packets (RFC 7587): one Opus packet per RTP packet, never
 * fragmented, the marker bit left clear (Strom does not signal the end of DTX).
 */
public final class OpusPacketizer extends RtpPacketizer {

    public OpusPacketizer(Options options) {
        super(options);
    }

    /** Refuses empty Opus packets and those larger than the budget allows, which RTP cannot split. */
    @Override
    public boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink) {
        int size = accessUnit.readableBytes();
        if (size == 0 || size > maxPayloadSize()) {
            return false;
        }
        ByteBuf packet = startPacket(rtpTimestamp, false, size);
        packet.writeBytes(accessUnit, accessUnit.readerIndex(), size);
        sink.accept(packet);
        return true;
    }
}
