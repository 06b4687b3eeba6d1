package io.strom.codec;

import io.netty.buffer.Unpooled;

/**
 * The fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3, 1.6.2.1) that muxers and the
 * control API need: object type, output sample rate and channel count.
 *
 * <p>Only the leading fields are read. With explicit SBR or PS signalling (object type 5 or 29)
 * the sample rate is the extension (output) rate and PS doubles a mono channel configuration;
 * the backward-compatible signalling that may trail the GASpecificConfig is not read, since it
 * only matters to a decoder.
 *
 * @param objectType audio object type as first signalled (2 for AAC-LC, 5 for SBR, 29 for PS)
 * @param sampleRate output sample rate in Hz
 * @param channels   channel count, 0 when a program config element defines it
 */
public record AudioSpecificConfig(int objectType, int sampleRate, int channels) {

    private static final int[] SAMPLE_RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    /** Channel counts by channelConfiguration; 8 to 10 are reserved, read as unknown. */
    private static final int[] CHANNELS = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8, 0};

    private static final int OBJECT_TYPE_SBR = 5;
    private static final int OBJECT_TYPE_PS = 29;

    /**
     * Parses an AudioSpecificConfig, such as the hex {@code config} of an RFC 3640 fmtp.
     *
     * @throws IllegalArgumentException when it is truncated or uses a reserved sample rate index
     */
    public static AudioSpecificConfig parse(byte[] config) {
        return read(new BitReader(Unpooled.wrappedBuffer(config), 0, config.length * 8));
    }

    /** Reads one from the reader's position (the LATM StreamMuxConfig embeds it unaligned). */
    static AudioSpecificConfig read(BitReader reader) {
        int objectType = readObjectType(reader);
        int sampleRate = readSampleRate(reader);
        int channels = CHANNELS[reader.read(4)];
        if (objectType == OBJECT_TYPE_SBR || objectType == OBJECT_TYPE_PS) {
            sampleRate = readSampleRate(reader);
            if (objectType == OBJECT_TYPE_PS && channels == 1) {
                channels = 2;
            }
        }
        return new AudioSpecificConfig(objectType, sampleRate, channels);
    }

    private static int readObjectType(BitReader reader) {
        int type = reader.read(5);
        // 31 escapes to a 6-bit extension so object types beyond 31 fit.
        return type == 31 ? 32 + reader.read(6) : type;
    }

    private static int readSampleRate(BitReader reader) {
        int index = reader.read(4);
        if (index == 15) {
            return reader.read(24);
        }
        if (index >= SAMPLE_RATES.length) {
            throw new IllegalArgumentException("reserved sampling frequency index " + index);
        }
        return SAMPLE_RATES[index];
    }
}
