package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Splits a buffer of uncompressed samples into RTP packets (RFC 3551 sample-based encodings):
 * each packet carries as many whole sample frames (one sample of every channel) as the budget
 * holds, and its timestamp advances by the frames sent before it, the RTP clock of these
 * encodings counting sample frames. The marker bit stays clear: Strom does not mark talkspurts.
 */
abstract class SamplePacketizer extends RtpPacketizer {

    private final int frameSize;

    /** @param frameSize bytes of one sample frame: bytes per sample times channels */
    SamplePacketizer(Options options, int frameSize) {
        super(options);
        this.frameSize = frameSize;
    }

    /** Channels from a format's channel count, where 0 means unknown and so mono. */
    static int channels(int formatChannels) {
        return Math.max(formatChannels, 1);
    }

    /** Refuses empty buffers and buffers that end in a partial sample frame. */
    @Override
    public final boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink) {
        int size = accessUnit.readableBytes();
        if (size == 0 || size % frameSize != 0) {
            return false;
        }
        int perPacket = maxPayloadSize() / frameSize * frameSize;
        for (int sent = 0; sent < size; sent += perPacket) {
            int chunk = Math.min(perPacket, size - sent);
            ByteBuf packet = startPacket((rtpTimestamp + sent / frameSize) & 0xFFFFFFFFL, false, chunk);
            packet.writeBytes(accessUnit, accessUnit.readerIndex() + sent, chunk);
            sink.accept(packet);
        }
        return true;
    }
}
