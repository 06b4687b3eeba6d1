package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Splits VP8 frames into RTP packets (RFC 7741) with the minimal one-byte payload descriptor:
 * S set on the first packet of a frame, partition index 0 throughout.
 */
public final class Vp8Packetizer extends RtpPacketizer {

    private static final int START_OF_PARTITION = 0x10;

    public Vp8Packetizer(Options options) {
        super(options);
    }

    @Override
    public boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink) {
        int remaining = accessUnit.readableBytes();
        if (remaining == 0) {
            return false;
        }
        int chunk = maxPayloadSize() - 1;
        int position = accessUnit.readerIndex();
        boolean first = true;
        while (remaining > 0) {
            int size = Math.min(chunk, remaining);
            remaining -= size;
            ByteBuf packet = startPacket(rtpTimestamp, remaining == 0, 1 + size);
            packet.writeByte(first ? START_OF_PARTITION : 0);
            packet.writeBytes(accessUnit, position, size);
            position += size;
            first = false;
            sink.accept(packet);
        }
        return true;
    }
}
