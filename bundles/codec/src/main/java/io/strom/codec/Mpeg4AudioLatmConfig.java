package io.strom.codec;

import io.netty.buffer.Unpooled;
import io.strom.api.media.Format;
import java.util.HexFormat;

/**
 * The RFC 6416 parameters of an {@code MPEG-4 Audio LATM} (MP4A-LATM) format that Strom
 * supports: {@code cpresent=0}, with the StreamMuxConfig in the fmtp {@code config}, describing
 * one program with one layer whose streams share time framing (what ffmpeg and encoders send).
 *
 * <p>With {@code cpresent=1} (the RFC's default) every AudioMuxElement carries its own
 * configuration, which shifts the payloads off byte boundaries; Strom refuses such formats.
 */
public final class Mpeg4AudioLatmConfig {

    private final byte[] streamMuxConfig;
    private final AudioSpecificConfig audioSpecificConfig;
    private final int subFrames;

    private Mpeg4AudioLatmConfig(byte[] streamMuxConfig, AudioSpecificConfig audioSpecificConfig, int subFrames) {
        this.streamMuxConfig = streamMuxConfig;
        this.audioSpecificConfig = audioSpecificConfig;
        this.subFrames = subFrames;
    }

    /**
     * Reads the fmtp of {@code format} ({@code cpresent}, hex {@code config}; names in any case).
     *
     * @throws IllegalArgumentException unless {@code cpresent} is 0 and the config parses and is
     *                                  supported (see {@link #parse})
     */
    public static Mpeg4AudioLatmConfig of(Format format) {
        if (!"0".equals(Mpeg4AudioConfig.parameter(format, "cpresent"))) {
            throw new IllegalArgumentException("only cpresent=0 is supported");
        }
        String hex = Mpeg4AudioConfig.parameter(format, "config");
        if (hex == null) {
            throw new IllegalArgumentException("fmtp has no config");
        }
        return parse(HexFormat.of().parseHex(hex));
    }

    /**
     * Parses a StreamMuxConfig (ISO/IEC 14496-3, 1.7.3.1), audioMuxVersion 0 or 1.
     *
     * @throws IllegalArgumentException when it is truncated, uses audioMuxVersionA 1, more than
     *                                  one program or layer, or streams with their own time framing
     */
    public static Mpeg4AudioLatmConfig parse(byte[] streamMuxConfig) {
        BitReader reader = new BitReader(Unpooled.wrappedBuffer(streamMuxConfig), 0, streamMuxConfig.length * 8);
        int version = reader.read(1);
        if (version == 1) {
            if (reader.read(1) != 0) {
                throw new IllegalArgumentException("audioMuxVersionA 1 is reserved");
            }
            skipLatmValue(reader); // taraBufferFullness
        }
        boolean sameTimeFraming = reader.read(1) == 1;
        int subFrames = reader.read(6) + 1;
        int programs = reader.read(4) + 1;
        int layers = reader.read(3) + 1;
        if (!sameTimeFraming || programs != 1 || layers != 1) {
            throw new IllegalArgumentException("only one program and layer with same time framing are supported");
        }
        if (version == 1) {
            skipLatmValue(reader); // ascLen: the AudioSpecificConfig follows either way
        }
        return new Mpeg4AudioLatmConfig(streamMuxConfig.clone(), AudioSpecificConfig.read(reader), subFrames);
    }

    /** Skips a LatmGetValue(): a 2-bit byte count less one, then that many bytes. */
    private static void skipLatmValue(BitReader reader) {
        reader.skip(8 * (reader.read(2) + 1));
    }

    /** A copy of the StreamMuxConfig bytes. */
    public byte[] streamMuxConfig() {
        return streamMuxConfig.clone();
    }

    /** The AudioSpecificConfig the StreamMuxConfig embeds: sample rate and channels for muxers. */
    public AudioSpecificConfig audioSpecificConfig() {
        return audioSpecificConfig;
    }

    /** Access units per AudioMuxElement (numSubFrames + 1), usually 1. */
    public int subFrames() {
        return subFrames;
    }
}
