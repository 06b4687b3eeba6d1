package io.strom.nack.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validated {@code io.strom.nack} configuration. {@link #from} names the attribute it refuses,
 * so a bad value can be reported and the previous settings kept.
 *
 * @param size        packets per retransmission buffer and the generator's window, a power of two
 * @param audioSize   packets per retransmission buffer of an audio track, a power of two
 * @param nackRetries how many times one missing sequence number is asked for
 * @param maxMissing  how many gaps a generator tracks at once; at most {@code size}
 */
record NackSettings(int size, int audioSize, int nackRetries, int maxMissing) {

    static final int MIN_SIZE = 16;
    /** Half the 16-bit sequence space: beyond it "behind" and "ahead" become ambiguous. */
    static final int MAX_SIZE = 32768;
    /** More asks than this only repeat a request that the sender cannot answer any more. */
    static final int MAX_RETRIES = 100;

    private static final Logger LOG = LoggerFactory.getLogger(NackSettings.class);

    /** The settings of {@code config}, or {@code previous} with an error log naming the refused attribute. */
    static NackSettings fromOrKeep(NackConfig config, NackSettings previous) {
        try {
            return from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{} configuration refused, the previous {} stays: {}", NackConfig.PID, previous, e.getMessage());
            return previous;
        }
    }

    static NackSettings from(NackConfig config) {
        int size = ringSize("size", config.size());
        int audioSize = ringSize("audioSize", config.audioSize());
        int retries = config.nackRetries();
        if (retries < 1 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("nackRetries: " + retries + " is not between 1 and " + MAX_RETRIES);
        }
        int maxMissing = config.maxMissing();
        if (maxMissing < 1 || maxMissing > size) {
            throw new IllegalArgumentException("maxMissing: " + maxMissing + " is not between 1 and size (" + size
                    + "): a generator cannot track gaps older than its window");
        }
        return new NackSettings(size, audioSize, retries, maxMissing);
    }

    private static int ringSize(String attribute, int size) {
        if (Integer.bitCount(size) != 1 || size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException(attribute + ": " + size + " is not a power of two between " + MIN_SIZE
                    + " and " + MAX_SIZE);
        }
        return size;
    }
}
