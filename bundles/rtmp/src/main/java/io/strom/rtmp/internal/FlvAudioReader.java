package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Format;
import io.strom.codec.Fmtp;

/**
 * Reads audio message bodies (RTMP type 8, FLV tag type 8): AAC, MP3 and G711 classic tags
 * (FLV specification v10.1, E.4.2) and Enhanced RTMP v2 {@code mp4a} and {@code Opus} tags.
 *
 * <p>Stateless: every body stands alone. The rate, size and type flags of classic tags are only
 * used for MP3's channel count; AAC takes them from its AudioSpecificConfig (FLV fixes the flags
 * at 44 kHz stereo for AAC), and G711 is always 8 kHz. End-of-sequence and multichannel
 * configuration packets read as null. Speex, Nellymoser, ADPCM and PCM are not taken: nothing
 * Strom serves can carry them.
 */
final class FlvAudioReader {

    static final int FORMAT_MP3 = 2;
    static final int FORMAT_G711_ALAW = 7;
    static final int FORMAT_G711_MULAW = 8;
    static final int FORMAT_EX_HEADER = 9;
    static final int FORMAT_AAC = 10;

    static final String AAC = "MPEG-4 Audio";
    static final String MP3 = "MPEG-1/2 Audio";

    private FlvAudioReader() {
    }

    /**
     * Reads one body, from its reader index to its writer index, leaving both and the body's
     * ownership unchanged.
     *
     * @return the sequence header or frame, or null for a message without media
     * @throws FlvException when the body is malformed or uses a codec Strom does not take
     */
    static FlvAudio read(ByteBuf body) throws FlvException {
        if (!body.isReadable()) {
            throw new FlvException("empty audio message");
        }
        ByteBuf in = body.duplicate();
        int flags = in.readUnsignedByte();
        int soundFormat = flags >> 4;
        int channels = (flags & 0x01) + 1;
        switch (soundFormat) {
            case FORMAT_AAC:
                FlvTags.need(in, 1, "AAC packet type");
                return aac(in.readUnsignedByte(), in);
            case FORMAT_MP3:
                // Clock 90000 as RTP's MPA payload format (RFC 2250) uses, whatever the sample rate.
                return frame(MP3, Format.of(MP3, 14, 90000, channels), in);
            case FORMAT_G711_ALAW:
                return frame("G711", Format.of("G711", 8, 8000, 1), in);
            case FORMAT_G711_MULAW:
                return frame("G711", Format.of("G711", 0, 8000, 1), in);
            case FORMAT_EX_HEADER:
                return enhanced(flags & 0x0F, in);
            default:
                throw new FlvException("unsupported FLV sound format " + soundFormat);
        }
    }

    private static FlvAudio aac(int packetType, ByteBuf in) throws FlvException {
        switch (packetType) {
            case 0:
                byte[] config = FlvTags.bytes(in, in.readableBytes(), "AudioSpecificConfig");
                try {
                    return new FlvAudio(AAC, Fmtp.mpeg4Audio(97, config), null);
                } catch (IllegalArgumentException e) {
                    throw new FlvException("bad AudioSpecificConfig: " + e.getMessage());
                }
            case 1:
                return frame(AAC, null, in);
            default:
                throw new FlvException("unknown AAC packet type " + packetType);
        }
    }

    private static FlvAudio enhanced(int packetType, ByteBuf in) throws FlvException {
        packetType = FlvTags.skipModEx(in, packetType);
        if (packetType == 5) {
            throw new FlvException("Enhanced RTMP multitrack audio is not supported");
        }
        FlvTags.need(in, 4, "Enhanced RTMP audio FourCC");
        int fourCc = in.readInt();
        if (fourCc != FlvTags.MP4A && fourCc != FlvTags.OPUS) {
            throw new FlvException("unsupported Enhanced RTMP audio FourCC " + FlvTags.fourCcName(fourCc));
        }
        switch (packetType) {
            case 0:
                if (fourCc == FlvTags.MP4A) {
                    return aac(0, in);
                }
                // OpusHead: "OpusHead", version, channel count, ...
                FlvTags.need(in, 10, "OpusHead");
                return new FlvAudio("Opus", Fmtp.opus(111, in.getUnsignedByte(in.readerIndex() + 9)), null);
            case 1:
                return fourCc == FlvTags.MP4A ? aac(1, in) : frame("Opus", null, in);
            case 2:
            case 4:
                return null;
            default:
                throw new FlvException("unknown Enhanced RTMP audio packet type " + packetType);
        }
    }

    private static FlvAudio frame(String codec, Format format, ByteBuf in) {
        return in.isReadable() ? new FlvAudio(codec, format, in.retainedSlice()) : null;
    }
}
