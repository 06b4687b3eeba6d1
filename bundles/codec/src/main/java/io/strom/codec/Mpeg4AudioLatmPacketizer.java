package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Writes raw AAC access units as RFC 6416 MP4A-LATM payloads for {@code cpresent=0}: each access
 * unit becomes one AudioMuxElement, its length as PayloadLengthInfo (0xFF bytes for every 255,
 * then the remainder) followed by the unit. An element larger than the packet budget is split
 * over several packets; the marker bit is set on the packet that ends it.
 */
public final class Mpeg4AudioLatmPacketizer extends RtpPacketizer {

    /**
     * @throws IllegalArgumentException when the configuration puts several subframes in an element
     *                                  (this packetizer writes one access unit per element)
     */
    public Mpeg4AudioLatmPacketizer(Options options, Mpeg4AudioLatmConfig config) {
        super(options);
        if (config.subFrames() != 1) {
            throw new IllegalArgumentException(config.subFrames() + " subframes per element are not supported");
        }
    }

    /** Refuses empty access units. */
    @Override
    public boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink) {
        int size = accessUnit.readableBytes();
        if (size == 0) {
            return false;
        }
        int lengthInfo = size / 255 + 1;
        int total = lengthInfo + size;
        int written = 0;
        while (written < total) {
            int end = Math.min(written + maxPayloadSize(), total);
            ByteBuf packet = startPacket(rtpTimestamp, end == total, end - written);
            // A small budget may split even the PayloadLengthInfo across packets.
            for (; written < Math.min(end, lengthInfo); written++) {
                packet.writeByte(written == lengthInfo - 1 ? size % 255 : 0xFF);
            }
            if (end > written) {
                packet.writeBytes(accessUnit, accessUnit.readerIndex() + written - lengthInfo, end - written);
                written = end;
            }
            sink.accept(packet);
        }
        return true;
    }
}
