package io.strom.codec;

import io.strom.api.media.Format;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The RFC 3640 (MPEG4-GENERIC, AAC-hbr) parameters of an {@code MPEG-4 Audio} format: AU header
 * field widths and the AudioSpecificConfig.
 *
 * @param sizeLength       bits of the AU-size field, 1 to 16
 * @param indexLength      bits of the AU-Index field of a packet's first AU header, 0 to 8
 * @param indexDeltaLength bits of the AU-Index-delta field of the following headers, 0 to 8
 * @param config           the AudioSpecificConfig bytes (what an MP4 {@code esds} carries)
 */
public record Mpeg4AudioConfig(int sizeLength, int indexLength, int indexDeltaLength, byte[] config) {

    /** The AAC-hbr field widths, used when the fmtp leaves them out. */
    public static final int DEFAULT_SIZE_LENGTH = 13;
    public static final int DEFAULT_INDEX_LENGTH = 3;
    public static final int DEFAULT_INDEX_DELTA_LENGTH = 3;

    /** @throws IllegalArgumentException when a width is out of range or the config does not parse */
    public Mpeg4AudioConfig {
        checkRange("sizelength", sizeLength, 1, 16);
        checkRange("indexlength", indexLength, 0, 8);
        checkRange("indexdeltalength", indexDeltaLength, 0, 8);
        config = config.clone();
        AudioSpecificConfig.parse(config);
    }

    /**
     * Reads the fmtp of {@code format} ({@code sizelength}, {@code indexlength},
     * {@code indexdeltalength}, hex {@code config}; names in any case).
     *
     * @throws IllegalArgumentException when {@code config} is missing or anything is malformed
     */
    public static Mpeg4AudioConfig of(Format format) {
        String hex = parameter(format, "config");
        if (hex == null) {
            throw new IllegalArgumentException("fmtp has no config");
        }
        return new Mpeg4AudioConfig(
                intParameter(format, "sizelength", DEFAULT_SIZE_LENGTH),
                intParameter(format, "indexlength", DEFAULT_INDEX_LENGTH),
                intParameter(format, "indexdeltalength", DEFAULT_INDEX_DELTA_LENGTH),
                HexFormat.of().parseHex(hex));
    }

    /** A copy of the AudioSpecificConfig bytes. */
    @Override
    public byte[] config() {
        return config.clone();
    }

    /** Equal when every field and the config bytes are (a record compares arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Mpeg4AudioConfig c && sizeLength == c.sizeLength && indexLength == c.indexLength
                && indexDeltaLength == c.indexDeltaLength && Arrays.equals(config, c.config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sizeLength, indexLength, indexDeltaLength, Arrays.hashCode(config));
    }

    @Override
    public String toString() {
        return "Mpeg4AudioConfig[sizeLength=" + sizeLength + ", indexLength=" + indexLength
                + ", indexDeltaLength=" + indexDeltaLength + ", config=" + HexFormat.of().formatHex(config) + "]";
    }

    /** The parsed AudioSpecificConfig: sample rate and channels for muxers. */
    public AudioSpecificConfig audioSpecificConfig() {
        return AudioSpecificConfig.parse(config);
    }

    /** An fmtp parameter by name, ignoring case (senders disagree on {@code sizeLength}), or null. */
    static String parameter(Format format, String name) {
        for (Map.Entry<String, String> e : format.parameters().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static int intParameter(Format format, String name, int fallback) {
        String value = parameter(format, name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number");
        }
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + ".." + max);
        }
    }
}
