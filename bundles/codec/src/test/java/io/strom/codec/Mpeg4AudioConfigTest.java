package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Mpeg4AudioConfigTest {

    static Format aac(Map<String, String> fmtp) {
        return new Format("MPEG-4 Audio", 97, 48000, 1, fmtp);
    }

    @Test
    void readsTheFfmpegAacFmtp() throws Exception {
        String sdp;
        try (InputStream in = getClass().getResourceAsStream("/ffmpeg-h264-aac.sdp")) {
            sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Format format = Sdp.parse(sdp).description().tracks().get(1).format();
        Mpeg4AudioConfig config = Mpeg4AudioConfig.of(format);
        assertEquals(13, config.sizeLength());
        assertEquals(3, config.indexLength());
        assertEquals(3, config.indexDeltaLength());
        assertArrayEquals(new byte[] {0x11, (byte) 0x88, 0x56, (byte) 0xE5, 0x00}, config.config());
        // 00010 0011 0001 ...: AAC-LC, 48000 Hz, mono; the trailing 0x2B7 sync extension says SBR is absent.
        assertEquals(new AudioSpecificConfig(2, 48000, 1), config.audioSpecificConfig());
    }

    @Test
    void defaultsTheFieldWidthsAndIgnoresNameCase() {
        Mpeg4AudioConfig config = Mpeg4AudioConfig.of(aac(Map.of("config", "1190")));
        assertEquals(new Mpeg4AudioConfig(13, 3, 3, new byte[] {0x11, (byte) 0x90}), config);
        assertEquals(6, Mpeg4AudioConfig.of(aac(Map.of("sizeLength", "6", "CONFIG", "1190"))).sizeLength());
        assertEquals(new AudioSpecificConfig(2, 48000, 2), config.audioSpecificConfig());
    }

    @Test
    void readsExplicitSbrAndExplicitRates() {
        // object type 5 (SBR), core 24000 Hz, stereo, extension 48000 Hz, then AAC-LC
        assertEquals(new AudioSpecificConfig(5, 48000, 2), AudioSpecificConfig.parse(new byte[] {0x2B, 0x11, (byte) 0x88}));
        // object type 2, index 15 then a 24-bit rate of 50000, mono
        int rate = 50000;
        long bits = (2L << 35) | (15L << 31) | ((long) rate << 7) | (1L << 3);
        byte[] explicit = new byte[5];
        for (int i = 0; i < 5; i++) {
            explicit[i] = (byte) (bits >>> (8 * (4 - i)));
        }
        assertEquals(new AudioSpecificConfig(2, 50000, 1), AudioSpecificConfig.parse(explicit));
    }

    @Test
    void refusesUnusableParameters() {
        assertThrows(IllegalArgumentException.class, () -> Mpeg4AudioConfig.of(aac(Map.of())), "no config");
        assertThrows(IllegalArgumentException.class, () -> Mpeg4AudioConfig.of(aac(Map.of("config", "zz"))));
        assertThrows(IllegalArgumentException.class, () -> Mpeg4AudioConfig.of(aac(Map.of("config", "11"))), "truncated");
        assertThrows(IllegalArgumentException.class, () -> AudioSpecificConfig.parse(new byte[] {0x16, (byte) 0x80}),
                "reserved sampling frequency index 13");
        assertThrows(IllegalArgumentException.class,
                () -> Mpeg4AudioConfig.of(aac(Map.of("config", "1190", "sizelength", "17"))));
        assertThrows(IllegalArgumentException.class,
                () -> Mpeg4AudioConfig.of(aac(Map.of("config", "1190", "indexlength", "x"))));
        assertTrue(RtpFormats.depacketizer(aac(Map.of()), UnpooledByteBufAllocator.DEFAULT).isEmpty());
    }
}
