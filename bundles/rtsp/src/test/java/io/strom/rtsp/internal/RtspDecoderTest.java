package io.strom.rtsp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtspDecoderTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesARequestWithABodyArrivingInPieces() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspDecoder());
        ch.writeInbound(bytes("ANNOUNCE rtsp://h/cam RTSP/1.0\r\nCSeq: 3\r\ncontent-length: 5\r\n"));
        assertNull(ch.readInbound());
        ch.writeInbound(bytes("\r\nv=0\r\n"));
        RtspRequest r = ch.readInbound();
        assertEquals("ANNOUNCE", r.method());
        assertEquals("rtsp://h/cam", r.uri());
        assertEquals("3", r.cseq());
        assertEquals("5", r.header("Content-Length"), "headers are case-insensitive");
        assertEquals("v=0\r\n", r.body());
        assertNull(r.invalid());
        ch.finishAndReleaseAll();
    }

    @Test
    void slicesInterleavedFramesBetweenRequests() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspDecoder());
        ByteBuf in = Unpooled.buffer().writeByte('$').writeByte(2).writeShort(3).writeBytes(new byte[] {7, 8, 9})
                .writeBytes(bytes("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")).writeByte('$').writeByte(0).writeShort(4).writeByte(1);
        ch.writeInbound(in);
        InterleavedFrame f = ch.readInbound();
        assertEquals(2, f.channel());
        assertEquals(3, f.content().readableBytes());
        assertEquals(9, f.content().getByte(2));
        f.release();
        RtspRequest r = ch.readInbound();
        assertEquals("OPTIONS", r.method());
        assertNull(ch.readInbound(), "the second frame is incomplete");
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {2, 3, 4}));
        InterleavedFrame g = ch.readInbound();
        assertEquals(4, g.content().readableBytes());
        g.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void badInputBecomesAnInvalidRequestAndTheRestIsIgnored() {
        for (String bad : new String[] {"hello there\r\n\r\n", "OPTIONS * HTTP/1.1\r\nCSeq: 1\r\n\r\n",
                "OPTIONS * RTSP/1.0\r\nno colon here\r\n\r\n", "OPTIONS * RTSP/1.0\r\nContent-Length: x\r\n\r\n",
                "OPTIONS * RTSP/1.0\r\nContent-Length: 99999999\r\n\r\n"}) {
            EmbeddedChannel ch = new EmbeddedChannel(new RtspDecoder());
            ch.writeInbound(bytes(bad + "OPTIONS * RTSP/1.0\r\nCSeq: 2\r\n\r\n"));
            RtspRequest r = ch.readInbound();
            assertTrue(r.invalid() != null, bad);
            assertNull(ch.readInbound(), "nothing after a request that could not be framed");
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aHeadWithoutEndBeyondTheLimitIsInvalid() {
        EmbeddedChannel ch = new EmbeddedChannel(new RtspDecoder());
        ch.writeInbound(bytes("OPTIONS * RTSP/1.0\r\nX: " + "a".repeat(RtspDecoder.MAX_REQUEST)));
        RtspRequest r = ch.readInbound();
        assertTrue(r.invalid().contains("larger"), r.invalid());
        ch.finishAndReleaseAll();
    }
}
