package io.strom.rtmp.internal;

import static io.strom.rtmp.internal.FlvTesting.HIDR;
import static io.strom.rtmp.internal.FlvTesting.HPPS;
import static io.strom.rtmp.internal.FlvTesting.HSPS;
import static io.strom.rtmp.internal.FlvTesting.HTRAIL;
import static io.strom.rtmp.internal.FlvTesting.IDR;
import static io.strom.rtmp.internal.FlvTesting.PPS;
import static io.strom.rtmp.internal.FlvTesting.SLICE;
import static io.strom.rtmp.internal.FlvTesting.SPS;
import static io.strom.rtmp.internal.FlvTesting.VPS;
import static io.strom.rtmp.internal.FlvTesting.avcc;
import static io.strom.rtmp.internal.FlvTesting.bytes;
import static io.strom.rtmp.internal.FlvTesting.concat;
import static io.strom.rtmp.internal.FlvTesting.drain;
import static io.strom.rtmp.internal.FlvTesting.fourCc;
import static io.strom.rtmp.internal.FlvTesting.nals;
import static io.strom.rtmp.internal.FlvTesting.wrap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.codec.Fmtp;
import org.junit.jupiter.api.Test;

class FlvVideoReaderTest {

    private final FlvVideoReader reader = new FlvVideoReader(UnpooledByteBufAllocator.DEFAULT);

    private FlvVideo read(byte[] body) throws FlvException {
        ByteBuf buf = wrap(body);
        try {
            return reader.read(buf);
        } finally {
            buf.release();
        }
    }

    /** An AVCDecoderConfigurationRecord with the given NAL length size. */
    static byte[] avcRecord(int lengthSize) {
        return concat(bytes(1, 0x42, 0xC0, 0x1E, 0xFC | (lengthSize - 1), 0xE1, 0, SPS.length), SPS,
                bytes(1, 0, PPS.length), PPS);
    }

    static byte[] avcSequenceHeader(int lengthSize) {
        return concat(bytes(0x17, 0, 0, 0, 0), avcRecord(lengthSize));
    }

    @Test
    void avcSequenceHeaderGivesTheFormat() throws FlvException {
        FlvVideo v = read(avcSequenceHeader(4));
        assertTrue(v.isSequenceHeader());
        assertEquals("H264", v.codec());
        assertNull(v.accessUnit());
        assertEquals(Fmtp.h264(96, SPS, PPS), v.format());
        assertEquals("42C01E", v.format().parameters().get("profile-level-id"));
        assertEquals("Z0LAHtoCgA==,aM48gA==", v.format().parameters().get("sprop-parameter-sets"));
    }

    @Test
    void framesWithFourByteLengthsStayAsTheyAre() throws FlvException {
        read(avcSequenceHeader(4));
        FlvVideo v = read(concat(bytes(0x27, 1, 0, 0, 0), avcc(SLICE, SLICE)));
        assertFalse(v.isSequenceHeader());
        assertFalse(v.keyframe());
        assertArrayEquals(avcc(SLICE, SLICE), drain(v.accessUnit()));
    }

    @Test
    void framesWithTwoByteLengthsGetFourByteLengths() throws FlvException {
        read(avcSequenceHeader(2));
        FlvVideo v = read(concat(bytes(0x27, 1, 0, 0, 0), nals(2, SLICE, SLICE)));
        assertArrayEquals(avcc(SLICE, SLICE), drain(v.accessUnit()));
        read(avcSequenceHeader(1));
        v = read(concat(bytes(0x27, 1, 0, 0, 0), nals(1, SLICE)));
        assertArrayEquals(avcc(SLICE), drain(v.accessUnit()));
    }

    @Test
    void keyframeWithoutParameterSetsGetsThem() throws FlvException {
        read(avcSequenceHeader(4));
        FlvVideo v = read(concat(bytes(0x17, 1, 0, 0, 0), avcc(IDR)));
        assertTrue(v.keyframe());
        assertArrayEquals(avcc(SPS, PPS, IDR), drain(v.accessUnit()));
        // Only the missing PPS, after the in-band SPS; an access unit delimiter stays first.
        byte[] aud = bytes(0x09, 0xF0);
        v = read(concat(bytes(0x17, 1, 0, 0, 0), avcc(aud, SPS, IDR)));
        assertArrayEquals(avcc(aud, SPS, PPS, IDR), drain(v.accessUnit()));
        v = read(concat(bytes(0x17, 1, 0, 0, 0), avcc(SPS, PPS, IDR)));
        assertArrayEquals(avcc(SPS, PPS, IDR), drain(v.accessUnit()));
    }

    @Test
    void compositionTimeIsSigned() throws FlvException {
        read(avcSequenceHeader(4));
        FlvVideo v = read(concat(bytes(0x27, 1, 0, 0, 80), avcc(SLICE)));
        assertEquals(80, v.compositionTime());
        v.accessUnit().release();
        v = read(concat(bytes(0x27, 1, 0xFF, 0xFF, 0xD8), avcc(SLICE)));
        assertEquals(-40, v.compositionTime());
        v.accessUnit().release();
    }

    @Test
    void commandFramesAndEndOfSequenceCarryNothing() throws FlvException {
        assertNull(read(bytes(0x57, 0)));
        assertNull(read(bytes(0x17, 2, 0, 0, 0)));
        assertNull(read(bytes(0xD1, 0))); // Enhanced command frame: a command byte, no FourCC
        assertNull(read(concat(bytes(0x92), fourCc("hvc1"))));
    }

    @Test
    void garbageOnlyEverThrowsFlvException() {
        java.util.Random random = new java.util.Random(42);
        byte[][] prefixes = {bytes(0x17, 0), bytes(0x17, 1, 0, 0, 0), bytes(0x90), concat(bytes(0x90), fourCc("hvc1")),
            concat(bytes(0x91), fourCc("hvc1")), concat(bytes(0x91), fourCc("av01")), concat(bytes(0x90), fourCc("av01")),
            bytes(0x87), concat(bytes(0x90), fourCc("avc1")), bytes(0xAF, 0), bytes(0x9F)};
        for (int i = 0; i < 20000; i++) {
            byte[] tail = new byte[random.nextInt(24)];
            random.nextBytes(tail);
            byte[] body = concat(prefixes[random.nextInt(prefixes.length)], tail);
            try {
                FlvVideo v = read(body);
                if (v != null && v.accessUnit() != null) {
                    v.accessUnit().release();
                }
            } catch (FlvException e) {
                // expected for most
            }
            ByteBuf buf = wrap(body);
            try {
                FlvAudio a = FlvAudioReader.read(buf);
                if (a != null && a.frame() != null) {
                    a.frame().release();
                }
            } catch (FlvException e) {
                // expected for most
            } finally {
                buf.release();
            }
        }
    }

    static byte[] hvcRecord() {
        return concat(bytes(1, 1, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 93, 0xF0, 0, 0xFC, 0xFD, 0xF8, 0xF8, 0, 0, 0x0F, 3),
                bytes(0xA0, 0, 1, 0, VPS.length), VPS, bytes(0xA1, 0, 1, 0, HSPS.length), HSPS,
                bytes(0xA2, 0, 1, 0, HPPS.length), HPPS);
    }

    @Test
    void enhancedHevcSequenceStartAndFrames() throws FlvException {
        FlvVideo v = read(concat(bytes(0x90), fourCc("hvc1"), hvcRecord()));
        assertEquals(Fmtp.h265(96, VPS, HSPS, HPPS), v.format());
        // CodedFrames: composition time, keyframe gets its parameter sets.
        v = read(concat(bytes(0x91), fourCc("hvc1"), bytes(0, 0, 40), avcc(HIDR)));
        assertEquals("H265", v.codec());
        assertTrue(v.keyframe());
        assertEquals(40, v.compositionTime());
        assertArrayEquals(avcc(VPS, HSPS, HPPS, HIDR), drain(v.accessUnit()));
        // CodedFramesX: no composition time.
        v = read(concat(bytes(0xA3), fourCc("hvc1"), avcc(HTRAIL)));
        assertFalse(v.keyframe());
        assertEquals(0, v.compositionTime());
        assertArrayEquals(avcc(HTRAIL), drain(v.accessUnit()));
    }

    @Test
    void classicHevcCodecId12() throws FlvException {
        FlvVideo v = read(concat(bytes(0x1C, 0, 0, 0, 0), hvcRecord()));
        assertEquals(Fmtp.h265(96, VPS, HSPS, HPPS), v.format());
        v = read(concat(bytes(0x1C, 1, 0, 0, 0x21), avcc(HSPS, HPPS, HIDR)));
        assertEquals(0x21, v.compositionTime());
        assertArrayEquals(avcc(VPS, HSPS, HPPS, HIDR), drain(v.accessUnit()));
    }

    @Test
    void modExModifiersAreSkipped() throws FlvException {
        read(concat(bytes(0x90), fourCc("hvc1"), hvcRecord()));
        // ModEx with 3 bytes of nanosecond offset, then type 0 / packet type CodedFramesX.
        FlvVideo v = read(concat(bytes(0xA7, 2, 0, 0, 5, 0x03), fourCc("hvc1"), avcc(HTRAIL)));
        assertArrayEquals(avcc(HTRAIL), drain(v.accessUnit()));
    }

    @Test
    void enhancedAv1() throws FlvException {
        byte[] sequenceHeader = FlvTesting.AV1_SEQUENCE_HEADER;
        FlvVideo v = read(concat(bytes(0x90), fourCc("av01"), bytes(0x81, 0, 0x0C, 0), sequenceHeader));
        assertEquals(Format.of("AV1", 96, 90000, 0), v.format());
        byte[] frame = bytes(0x32, 3, 1, 2, 3); // frame OBU with size field
        byte[] temporalDelimiter = bytes(0x12, 0);
        v = read(concat(bytes(0x91), fourCc("av01"), temporalDelimiter, frame));
        assertTrue(v.keyframe());
        assertEquals("AV1", v.codec());
        // Temporal delimiter dropped, the keyframe gets the sequence header.
        assertArrayEquals(concat(sequenceHeader, frame), drain(v.accessUnit()));
        // A last OBU without size field gets one.
        v = read(concat(bytes(0xA1), fourCc("av01"), bytes(0x30, 1, 2, 3)));
        assertArrayEquals(frame, drain(v.accessUnit()));
    }

    @Test
    void enhancedVp9() throws FlvException {
        FlvVideo v = read(concat(bytes(0x90), fourCc("vp09"), bytes(1, 0, 0, 0, 0, 0, 0x82, 2, 2, 2, 0, 0)));
        assertEquals(Format.of("VP9", 96, 90000, 0), v.format());
        byte[] frame = bytes(0x82, 0x49, 0x83, 0x42, 0x00);
        v = read(concat(bytes(0x91), fourCc("vp09"), frame));
        assertEquals("VP9", v.codec());
        assertTrue(v.keyframe());
        assertArrayEquals(frame, drain(v.accessUnit()));
    }

    @Test
    void enhancedAvc() throws FlvException {
        FlvVideo v = read(concat(bytes(0x90), fourCc("avc1"), avcRecord(4)));
        assertEquals(Fmtp.h264(96, SPS, PPS), v.format());
        v = read(concat(bytes(0xA1), fourCc("avc1"), bytes(0xFF, 0xFF, 0xFF), avcc(SLICE)));
        assertEquals(-1, v.compositionTime());
        assertArrayEquals(avcc(SLICE), drain(v.accessUnit()));
    }

    @Test
    void malformedBodiesAreFlvExceptions() {
        assertThrows(FlvException.class, () -> read(new byte[0]));
        byte[] truncated = avcSequenceHeader(4);
        FlvException e = assertThrows(FlvException.class,
                () -> read(java.util.Arrays.copyOf(truncated, truncated.length - 2)));
        assertTrue(e.getMessage().contains("PPS"), e.getMessage());
        e = assertThrows(FlvException.class, () -> read(bytes(0x22, 0, 0, 0)));
        assertTrue(e.getMessage().contains("Sorenson"), e.getMessage());
        e = assertThrows(FlvException.class, () -> read(concat(bytes(0x90), fourCc("vvc1"), bytes(1))));
        assertTrue(e.getMessage().contains("'vvc1'"), e.getMessage());
        assertThrows(FlvException.class, () -> read(bytes(0x17, 1, 0)));
        assertThrows(FlvException.class, () -> read(concat(bytes(0x90), fourCc("hvc1"), bytes(1, 2, 3))));
        assertThrows(FlvException.class, () -> read(concat(bytes(0x90), fourCc("av01"), bytes(1, 2, 3, 4))));
        assertThrows(FlvException.class, () -> read(concat(bytes(0x90), fourCc("vp09"), bytes(1))));
        assertThrows(FlvException.class, () -> read(bytes(0x90, 'h', 'v')));
        // A NAL length that overruns the body, an AV1 OBU size that overruns it.
        assertThrows(FlvException.class, () -> read(concat(bytes(0x27, 1, 0, 0, 0), bytes(0, 0, 0, 9, 0x41))));
        assertThrows(FlvException.class, () -> read(concat(bytes(0x91), fourCc("av01"), bytes(0x32, 9, 1))));
        assertThrows(FlvException.class, () -> read(bytes(0x80 | 0x16, 'h', 'v', 'c', '1')));
    }
}
