package io.strom.rtmp.internal;

import static io.strom.rtmp.internal.FlvTesting.bytes;
import static io.strom.rtmp.internal.FlvTesting.concat;
import static io.strom.rtmp.internal.FlvTesting.drain;
import static io.strom.rtmp.internal.FlvTesting.fourCc;
import static io.strom.rtmp.internal.FlvTesting.wrap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Format;
import io.strom.codec.Fmtp;
import org.junit.jupiter.api.Test;

class FlvAudioReaderTest {

    private static FlvAudio read(byte[] body) throws FlvException {
        ByteBuf buf = wrap(body);
        try {
            return FlvAudioReader.read(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void aacSequenceHeaderGivesTheFormat() throws FlvException {
        FlvAudio a = read(bytes(0xAF, 0x00, 0x11, 0x90));
        assertTrue(a.isSequenceHeader());
        assertEquals("MPEG-4 Audio", a.codec());
        assertEquals(48000, a.format().clockRate());
        assertEquals(2, a.format().channels());
        assertEquals("1190", a.format().parameters().get("config"));
        assertEquals(Fmtp.mpeg4Audio(97, bytes(0x11, 0x90)), a.format());
    }

    @Test
    void aacRawFrame() throws FlvException {
        FlvAudio a = read(bytes(0xAF, 0x01, 0x21, 0x10, 0x04));
        assertNull(a.format());
        assertArrayEquals(bytes(0x21, 0x10, 0x04), drain(a.frame()));
    }

    @Test
    void mp3CarriesItsFormat() throws FlvException {
        byte[] frame = bytes(0xFF, 0xFB, 0x90, 0x64, 0x00);
        FlvAudio a = read(concat(bytes(0x2F), frame));
        assertEquals(Format.of("MPEG-1/2 Audio", 14, 90000, 2), a.format());
        assertArrayEquals(frame, drain(a.frame()));
        a = read(concat(bytes(0x2E), frame));
        assertEquals(1, a.format().channels());
        a.frame().release();
    }

    @Test
    void g711CarriesItsFormat() throws FlvException {
        FlvAudio a = read(bytes(0x72, 0xD5, 0xD5));
        assertEquals(Format.of("G711", 8, 8000, 1), a.format());
        assertArrayEquals(bytes(0xD5, 0xD5), drain(a.frame()));
        a = read(bytes(0x82, 0xFF));
        assertEquals(Format.of("G711", 0, 8000, 1), a.format());
        a.frame().release();
    }

    @Test
    void enhancedOpusAndMp4a() throws FlvException {
        byte[] opusHead = concat("OpusHead".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                bytes(1, 2, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0));
        FlvAudio a = read(concat(bytes(0x90), fourCc("Opus"), opusHead));
        assertEquals(Fmtp.opus(111, 2), a.format());
        a = read(concat(bytes(0x91), fourCc("Opus"), bytes(0xFC, 1, 2)));
        assertEquals("Opus", a.codec());
        assertArrayEquals(bytes(0xFC, 1, 2), drain(a.frame()));
        a = read(concat(bytes(0x90), fourCc("mp4a"), bytes(0x12, 0x10)));
        assertEquals(44100, a.format().clockRate());
        a = read(concat(bytes(0x91), fourCc("mp4a"), bytes(7)));
        assertArrayEquals(bytes(7), drain(a.frame()));
    }

    @Test
    void malformedBodiesAreFlvExceptions() {
        assertThrows(FlvException.class, () -> read(new byte[0]));
        assertThrows(FlvException.class, () -> read(bytes(0xAF)));
        assertThrows(FlvException.class, () -> read(bytes(0xAF, 0x00, 0x11)));
        assertThrows(FlvException.class, () -> read(bytes(0xAF, 0x05, 1)));
        FlvException e = assertThrows(FlvException.class, () -> read(bytes(0xB6, 1, 2)));
        assertTrue(e.getMessage().contains("sound format 11"), e.getMessage());
        assertThrows(FlvException.class, () -> read(concat(bytes(0x90), fourCc("ac-3"))));
        assertThrows(FlvException.class, () -> read(concat(bytes(0x90), fourCc("Opus"), bytes(1, 2))));
    }
}
