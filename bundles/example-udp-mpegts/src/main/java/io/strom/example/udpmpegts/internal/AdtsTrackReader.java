package io.strom.example.udpmpegts.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Format;
import io.strom.codec.Fmtp;

/**
 * AAC in ADTS (PMT stream type 0x0F): a PES payload holds one or more ADTS frames, each a 7-byte
 * header (9 with a CRC) and one raw AAC frame of 1024 samples. The access units are the raw
 * frames, sliced from the PES without copying; the first header gives the AudioSpecificConfig.
 * Frames with several raw data blocks are skipped: encoders for streaming never write them.
 */
final class AdtsTrackReader implements TrackReader {

    private static final int SAMPLES_PER_FRAME = 1024;
    private static final int[] SAMPLE_RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    private final int payloadType;
    private Format format;

    AdtsTrackReader(int payloadType) {
        this.payloadType = payloadType;
    }

    @Override
    public Format format() {
        return format;
    }

    @Override
    public boolean read(ByteBuf payload, long pts, long dts, AccessUnits out) {
        int pos = payload.readerIndex();
        int end = payload.writerIndex();
        int frame = 0;
        while (pos < end) {
            if (end - pos < 7 || (payload.getUnsignedShort(pos) & 0xFFF6) != 0xFFF0) {
                return false; // no sync word (or layer not 0): the rest cannot be delimited
            }
            int headerSize = (payload.getByte(pos + 1) & 0x01) != 0 ? 7 : 9;
            int b2 = payload.getUnsignedByte(pos + 2);
            int profile = b2 >> 6;
            int rateIndex = (b2 >> 2) & 0x0F;
            int channelConfig = ((b2 & 0x01) << 2) | (payload.getUnsignedByte(pos + 3) >> 6);
            int frameLength = (int) ((payload.getUnsignedInt(pos + 3) >> 13) & 0x1FFF);
            int rawBlocks = payload.getUnsignedByte(pos + 6) & 0x03;
            if (rateIndex >= SAMPLE_RATES.length || frameLength <= headerSize || pos + frameLength > end) {
                return false;
            }
            if (format == null) {
                // AudioSpecificConfig: 5 bits object type (ADTS profile + 1), 4 bits rate index, 4 bits channels.
                int asc = ((profile + 1) << 11) | (rateIndex << 7) | (channelConfig << 3);
                format = Fmtp.mpeg4Audio(payloadType, new byte[] {(byte) (asc >> 8), (byte) asc});
            }
            if (rawBlocks == 0) {
                long time = pts * format.clockRate() / 90000 + (long) frame * SAMPLES_PER_FRAME;
                out.accept(payload.retainedSlice(pos + headerSize, frameLength - headerSize), time, time, true);
            }
            frame++;
            pos += frameLength;
        }
        return true;
    }
}
