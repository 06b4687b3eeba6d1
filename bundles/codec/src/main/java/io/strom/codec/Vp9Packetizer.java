package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Splits VP9 frames into RTP packets (RFC 9628) with a three-byte descriptor: a 15-bit picture
 * ID that increases per frame, B and E on the first and last packet, and P on frames that are
 * not keyframes. Layer indices and the scalability structure are left out, which the RFC allows
 * for a stream without spatial or temporal layers.
 */
public final class Vp9Packetizer extends RtpPacketizer {

    private static final int DESCRIPTOR_SIZE = 3;
    private static final int I = 0x80;
    private static final int P = 0x40;
    private static final int B = 0x08;
    private static final int E = 0x04;

    private int pictureId;

    public Vp9Packetizer(Options options) {
        super(options);
    }

    @Override
    public boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink) {
        int remaining = accessUnit.readableBytes();
        if (remaining == 0) {
            return false;
        }
        int flags = I | (Vp9Depacketizer.isKeyframe(accessUnit, accessUnit.readerIndex()) ? 0 : P);
        int chunk = maxPayloadSize() - DESCRIPTOR_SIZE;
        int position = accessUnit.readerIndex();
        boolean first = true;
        while (remaining > 0) {
            int size = Math.min(chunk, remaining);
            remaining -= size;
            boolean last = remaining == 0;
            ByteBuf packet = startPacket(rtpTimestamp, last, DESCRIPTOR_SIZE + size);
            packet.writeByte(flags | (first ? B : 0) | (last ? E : 0));
            packet.writeShort(0x8000 | pictureId); // M set: 15-bit picture ID
            packet.writeBytes(accessUnit, position, size);
            position += size;
            first = false;
            sink.accept(packet);
        }
        pictureId = (pictureId + 1) & 0x7FFF;
        return true;
    }
}
