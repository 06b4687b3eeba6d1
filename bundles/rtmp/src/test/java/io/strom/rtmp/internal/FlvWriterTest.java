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
import static io.strom.rtmp.internal.FlvTesting.wrap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.codec.Fmtp;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FlvWriterTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private final FlvVideoReader reader = new FlvVideoReader(ALLOC);

    /** Reads a body the writer built, and releases it. */
    private FlvVideo readVideo(ByteBuf body) throws FlvException {
        try {
            return reader.read(body);
        } finally {
            body.release();
        }
    }

    /** Writes header and frame for an access unit, reads them back, checks the unit and timing. */
    private void roundTrip(String codec, byte[] keyframe, byte[] next, Format expected) throws FlvException {
        ByteBuf key = wrap(keyframe);
        ByteBuf header = FlvWriter.videoSequenceHeader(codec, key, ALLOC);
        FlvVideo h = readVideo(header);
        assertEquals(expected, h.format());
        FlvVideo v = readVideo(FlvWriter.videoFrame(codec, key, true, 1040, 1000, ALLOC));
        assertEquals(codec, v.codec());
        assertEquals(true, v.keyframe());
        boolean timed = codec.equals("H264") || codec.equals("H265");
        assertEquals(timed ? 40 : 0, v.compositionTime());
        assertArrayEquals(keyframe, drain(v.accessUnit()));
        assertEquals(1, key.refCnt());
        key.release();
        v = readVideo(FlvWriter.videoFrame(codec, wrap(next), false, 2000, 2000, ALLOC));
        assertEquals(false, v.keyframe());
        assertEquals(0, v.compositionTime());
        assertArrayEquals(next, drain(v.accessUnit()));
        if (timed) {
            v = readVideo(FlvWriter.videoFrame(codec, wrap(next), false, 2000, 2033, ALLOC));
            assertEquals(-33, v.compositionTime());
            v.accessUnit().release();
        }
    }

    @Test
    void h264RoundTrip() throws FlvException {
        roundTrip("H264", avcc(SPS, PPS, IDR), avcc(SLICE), Fmtp.h264(96, SPS, PPS));
    }

    @Test
    void h264SequenceHeaderIsAClassicAvcRecord() {
        byte[] body = drain(FlvWriter.h264SequenceHeader(SPS, PPS, ALLOC));
        assertArrayEquals(concat(bytes(0x17, 0, 0, 0, 0), FlvVideoReaderTest.avcRecord(4)), body);
        ByteBuf fromFormat = FlvWriter.videoSequenceHeader(Fmtp.h264(96, SPS, PPS), ALLOC);
        assertArrayEquals(body, drain(fromFormat));
    }

    @Test
    void h265RoundTrip() throws FlvException {
        roundTrip("H265", avcc(VPS, HSPS, HPPS, HIDR), avcc(HTRAIL), Fmtp.h265(96, VPS, HSPS, HPPS));
    }

    @Test
    void hevcRecordMatchesFfmpeg() {
        byte[] body = drain(FlvWriter.h265SequenceHeader(VPS, HSPS, HPPS, ALLOC));
        assertEquals("90" + HexFormat.of().formatHex(FlvTesting.fourCc("hvc1")) + FlvTesting.FFMPEG_HVCC_HEAD,
                HexFormat.of().formatHex(body, 0, 5 + 23));
    }

    @Test
    void av1RoundTrip() throws FlvException {
        byte[] frame = bytes(0x32, 3, 1, 2, 3);
        roundTrip("AV1", concat(FlvTesting.AV1_SEQUENCE_HEADER, frame), frame, Format.of("AV1", 96, 90000, 0));
    }

    @Test
    void av1RecordMatchesFfmpeg() throws FlvException {
        ByteBuf body = FlvWriter.videoSequenceHeader("AV1", wrap(FlvTesting.AV1_SEQUENCE_HEADER), ALLOC);
        assertEquals("90" + HexFormat.of().formatHex(FlvTesting.fourCc("av01")) + FlvTesting.FFMPEG_AV1C_HEAD
                + HexFormat.of().formatHex(FlvTesting.AV1_SEQUENCE_HEADER), ByteBufUtil.hexDump(drain(body)));
    }

    @Test
    void av1RecordOfASyntheticHeader() throws FlvException {
        // Profile 0, level 8 tier 1, 1280x720, order hints, screen content chosen per frame, 4:2:0, 8 bits.
        byte[] payload = new FlvTesting.BitWriter().put(3, 0).put(1, 0).put(1, 0).put(1, 0).put(1, 0).put(5, 0)
                .put(12, 0).put(5, 8).put(1, 1).put(4, 10).put(4, 10).put(11, 1279).put(11, 719).put(1, 0)
                .put(3, 0b011).put(4, 0).put(1, 1).put(2, 0).put(1, 1).put(1, 1).put(3, 6).put(3, 0b011)
                .put(1, 0).put(1, 0).put(1, 0).put(1, 0).put(2, 0).put(1, 0).trailing();
        byte[] obu = concat(bytes(0x0A, payload.length), payload);
        byte[] body = drain(FlvWriter.videoSequenceHeader("AV1", wrap(obu), ALLOC));
        assertEquals("81088c00", HexFormat.of().formatHex(body, 5, 9));
    }

    @Test
    void vp9RoundTrip() throws FlvException {
        byte[] keyframe = bytes(0x82, 0x49, 0x83, 0x42, 0x00, 0x13);
        roundTrip("VP9", keyframe, bytes(0x86, 0x00, 0x40), Format.of("VP9", 96, 90000, 0));
    }

    @Test
    void aacRoundTrip() throws FlvException {
        Format format = Fmtp.mpeg4Audio(97, bytes(0x11, 0x90));
        ByteBuf header = FlvWriter.audioSequenceHeader(format, ALLOC);
        assertEquals("af001190", ByteBufUtil.hexDump(header));
        FlvAudio a = FlvAudioReader.read(header);
        header.release();
        assertEquals(format, a.format());
        ByteBuf au = wrap(bytes(0x21, 0x10, 0x04, 0x60));
        ByteBuf body = FlvWriter.audioFrame(format, au, ALLOC);
        assertEquals("af0121100460", ByteBufUtil.hexDump(body));
        a = FlvAudioReader.read(body);
        body.release();
        assertArrayEquals(bytes(0x21, 0x10, 0x04, 0x60), drain(a.frame()));
        assertEquals(1, au.refCnt());
        au.release();
    }

    @Test
    void mp3AndG711RoundTrip() throws FlvException {
        for (Format format : new Format[] {Format.of("MPEG-1/2 Audio", 14, 90000, 2), Format.of("G711", 8, 8000, 1),
                Format.of("G711", 0, 8000, 1)}) {
            assertNull(FlvWriter.audioSequenceHeader(format, ALLOC));
            ByteBuf body = FlvWriter.audioFrame(format, wrap(bytes(1, 2, 3)), ALLOC);
            FlvAudio a = FlvAudioReader.read(body);
            body.release();
            assertEquals(format, a.format());
            assertArrayEquals(bytes(1, 2, 3), drain(a.frame()));
        }
    }

    @Test
    void missingParameterSetsAndUnsupportedCodecs() throws FlvException {
        assertNull(FlvWriter.videoSequenceHeader("H264", wrap(avcc(IDR)), ALLOC));
        assertNull(FlvWriter.videoSequenceHeader("H265", wrap(avcc(HSPS, HPPS, HIDR)), ALLOC));
        assertNull(FlvWriter.videoSequenceHeader("AV1", wrap(bytes(0x32, 0)), ALLOC));
        assertNull(FlvWriter.videoSequenceHeader(Format.of("H264", 96, 90000, 0), ALLOC));
        assertThrows(FlvException.class, () -> FlvWriter.videoFrame("VP8", wrap(bytes(1)), true, 0, 0, ALLOC));
        assertThrows(FlvException.class, () -> FlvWriter.audioFrame(Format.of("LPCM", 96, 48000, 2), wrap(bytes(1)), ALLOC));
    }
}
