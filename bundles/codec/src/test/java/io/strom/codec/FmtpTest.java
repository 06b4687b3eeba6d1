package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FmtpTest {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xDA, 0x02, (byte) 0x80};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    @Test
    void h264ParameterSetsReachADepacketizerThatInsertsThemBeforeAnIdr() {
        Format f = Fmtp.h264(96, SPS, PPS);
        assertEquals("42C01E", f.parameters().get("profile-level-id"));
        assertEquals("1", f.parameters().get("packetization-mode"));
        // The depacketizer reads them back and puts them before an IDR that arrives without them.
        RtpDepacketizer d = RtpFormats.depacketizer(f, UnpooledByteBufAllocator.DEFAULT).orElseThrow();
        ByteBuf idr = Unpooled.buffer().writeBytes(new byte[] {(byte) 0x80, (byte) 0xE0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 7})
                .writeBytes(new byte[] {0x65, 1, 2, 3});
        List<byte[]> units = new ArrayList<>();
        d.depacketize(idr, (au, ts, ra) -> {
            byte[] b = new byte[au.readableBytes()];
            au.readBytes(b);
            au.release();
            units.add(b);
            assertTrue(ra);
        });
        idr.release();
        assertEquals(1, units.size());
        byte[] au = units.get(0);
        assertEquals(SPS.length, au[3]);
        assertEquals(0x67, au[4]);
        assertEquals(0x68, au[4 + SPS.length + 4]);
    }

    @Test
    void mpeg4AudioTakesRateAndChannelsFromItsConfig() {
        byte[] asc = HexFormat.of().parseHex("1190"); // AAC-LC, 48 kHz, stereo
        Format f = Fmtp.mpeg4Audio(97, asc);
        assertEquals(48000, f.clockRate());
        assertEquals(2, f.channels());
        assertArrayEquals(asc, Mpeg4AudioConfig.of(f).config());
    }

    @Test
    void h265AndOpus() {
        Format h265 = Fmtp.h265(96, new byte[] {0x40, 1}, new byte[] {0x42, 1}, new byte[] {0x44, 1});
        assertEquals("QAE=", h265.parameters().get("sprop-vps"));
        assertEquals("1", Fmtp.opus(111, 2).parameters().get("sprop-stereo"));
        assertEquals(48000, Fmtp.opus(111, 1).clockRate());
    }
}
