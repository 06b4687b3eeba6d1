package io.strom.nack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.strom.api.media.MediaKind;
import io.strom.api.nack.NackGenerator;
import io.strom.api.nack.RetransmissionBuffer;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NackFactoriesTest {

    static NackConfig config(int size, int nackRetries, int maxMissing) {
        return config(size, 256, nackRetries, maxMissing);
    }

    static NackConfig config(int size, int audioSize, int nackRetries, int maxMissing) {
        return new NackConfig() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public int audioSize() {
                return audioSize;
            }

            @Override
            public int nackRetries() {
                return nackRetries;
            }

            @Override
            public int maxMissing() {
                return maxMissing;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return NackConfig.class;
            }
        };
    }

    /** Whether a buffer from the factory still holds sequence number 0 after {@code later} was added. */
    private static boolean keepsZeroAfter(RetransmissionBufferFactoryImpl factory, int later) {
        return keepsZeroAfter(factory.create(1), later);
    }

    private static boolean keepsZeroAfter(RetransmissionBuffer created, int later) {
        ByteBuf p = Unpooled.buffer(12);
        try (RetransmissionBuffer buffer = created) {
            buffer.add(0, p);
            buffer.add(later, p);
            return buffer.get(0) != null;
        } finally {
            p.release();
        }
    }

    @Test
    void bufferFactoryUsesTheConfiguredSize() {
        RetransmissionBufferFactoryImpl factory = new RetransmissionBufferFactoryImpl(config(16, 3, 16));
        assertFalse(keepsZeroAfter(factory, 16), "16 displaces 0 in a ring of 16");
        factory.modified(config(32, 3, 16));
        assertTrue(keepsZeroAfter(factory, 16), "a ring of 32 keeps both");
    }

    @Test
    void audioTracksGetTheAudioSizeAndOtherTracksTheSize() {
        RetransmissionBufferFactoryImpl factory = new RetransmissionBufferFactoryImpl(config(64, 16, 3, 16));
        assertFalse(keepsZeroAfter(factory.create(1, MediaKind.AUDIO), 16), "16 displaces 0 in an audio ring of 16");
        assertTrue(keepsZeroAfter(factory.create(1, MediaKind.VIDEO), 16), "a video ring of 64 keeps both");
        assertTrue(keepsZeroAfter(factory.create(1), 16), "no kind: the size");
    }

    @Test
    void aRefusedModificationKeepsThePreviousSettings() {
        RetransmissionBufferFactoryImpl factory = new RetransmissionBufferFactoryImpl(config(32, 3, 16));
        factory.modified(config(1000, 3, 16));
        assertTrue(keepsZeroAfter(factory, 16), "still 32");
        factory.modified(config(16, 3, 16));
        assertFalse(keepsZeroAfter(factory, 16), "a valid change applies");
    }

    @Test
    void generatorFactoryUsesRetriesAndKeepsThemOnABadChange() {
        NackGeneratorFactoryImpl factory = new NackGeneratorFactoryImpl(config(1024, 2, 256));
        factory.modified(config(1024, 0, 256));
        NackGenerator g = factory.create(1);
        g.received(1);
        g.received(3);
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            g.missing(asked::add);
        }
        assertEquals(List.of(2, 2), asked);
    }

    @Test
    void invalidValuesNameTheirAttribute() {
        assertMessageStartsWith("size:", config(1000, 3, 256));
        assertMessageStartsWith("size:", config(8, 3, 4));
        assertMessageStartsWith("size:", config(65536, 3, 256));
        assertMessageStartsWith("audioSize:", config(1024, 100, 3, 256));
        assertMessageStartsWith("audioSize:", config(1024, 8, 3, 256));
        assertMessageStartsWith("nackRetries:", config(1024, 0, 256));
        assertMessageStartsWith("nackRetries:", config(1024, 101, 256));
        assertMessageStartsWith("maxMissing:", config(1024, 3, 0));
        assertMessageStartsWith("maxMissing:", config(64, 3, 65));
        assertNotNull(NackSettings.from(config(32768, 100, 32768)));
        assertNotNull(NackSettings.from(config(16, 1, 1)));
    }

    @Test
    void activationRefusesAnInvalidConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new NackGeneratorFactoryImpl(config(100, 3, 16)));
    }

    private static void assertMessageStartsWith(String prefix, NackConfig config) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NackSettings.from(config));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
