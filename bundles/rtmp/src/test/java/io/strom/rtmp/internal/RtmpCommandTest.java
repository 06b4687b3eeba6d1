package io.strom.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtmpCommandTest {

    /** AMF0 written by hand, byte by byte, so the tests do not only check Amf0 against itself. */
    private static final class Raw {
        final ByteBuf buf = Unpooled.buffer();

        Raw string(String s) {
            buf.writeByte(0x02);
            return name(s);
        }

        Raw name(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            buf.writeShort(b.length).writeBytes(b);
            return this;
        }

        Raw number(double d) {
            buf.writeByte(0x00).writeDouble(d);
            return this;
        }

        Raw nul() {
            buf.writeByte(0x05);
            return this;
        }

        Raw object() {
            buf.writeByte(0x03);
            return this;
        }

        Raw end() {
            buf.writeShort(0).writeByte(0x09);
            return this;
        }
    }

    @Test
    void decodesConnectAsFfmpegSendsIt() {
        ByteBuf in = new Raw().string("connect").number(1).object()
                .name("app").string("live")
                .name("type").string("nonprivate")
                .name("flashVer").string("FMLE/3.0 (compatible; Lavf59.27.100)")
                .name("tcUrl").string("rtmp://127.0.0.1:1935/live")
                .end().buf;
        RtmpCommand c = RtmpCommand.decode(in);
        assertFalse(in.isReadable());
        assertEquals("connect", c.name());
        assertEquals(1.0, c.transactionId());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("app", "live");
        expected.put("type", "nonprivate");
        expected.put("flashVer", "FMLE/3.0 (compatible; Lavf59.27.100)");
        expected.put("tcUrl", "rtmp://127.0.0.1:1935/live");
        assertEquals(expected, c.commandObject());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(c.commandObject().keySet()));
        assertEquals(List.of(), c.arguments());
    }

    @Test
    void decodesPublish() {
        RtmpCommand c = RtmpCommand.decode(new Raw().string("publish").number(5).nul().string("test").string("live").buf);
        assertEquals(new RtmpCommand("publish", 5, null, List.of("test", "live")), c);
        assertNull(c.commandObject());
        assertEquals("test", c.argument(0));
        assertEquals("live", c.argument(1));
        assertNull(c.argument(2));
    }

    @Test
    void decodesPlay() {
        // ffmpeg: play(txn, null, stream name, start = -2000 for "live or recorded")
        RtmpCommand c = RtmpCommand.decode(new Raw().string("play").number(4).nul().string("test").number(-2000).buf);
        assertEquals("play", c.name());
        assertEquals(4.0, c.transactionId());
        assertEquals(List.of("test", -2000.0), c.arguments());
    }

    @Test
    void toleratesMissingTransactionAndCommandObject() {
        RtmpCommand bare = RtmpCommand.decode(new Raw().string("closeStream").buf);
        assertEquals(new RtmpCommand("closeStream", 0, null, List.of()), bare);
        RtmpCommand noObject = RtmpCommand.decode(new Raw().string("deleteStream").number(6).buf);
        assertEquals(6.0, noObject.transactionId());
        assertNull(noObject.commandObject());
    }

    @Test
    void refusesPayloadsThatAreNotCommands() {
        assertThrows(Amf0Exception.class, () -> RtmpCommand.decode(Unpooled.EMPTY_BUFFER));
        assertThrows(Amf0Exception.class, () -> RtmpCommand.decode(new Raw().number(1).buf));
        assertThrows(Amf0Exception.class, () -> RtmpCommand.decode(new Raw().string("connect").string("1").buf));
        assertThrows(Amf0Exception.class, () -> RtmpCommand.decode(new Raw().string("connect").number(1).string("app").buf));
        assertThrows(Amf0Exception.class, () -> RtmpCommand.decode(new Raw().string("connect").number(1).object().name("app").buf));
        ByteBuf wrongShape = new Raw().string("connect").string("1").buf;
        assertThrows(Amf0Exception.class, () -> RtmpCommand.decode(wrongShape));
        assertEquals(0, wrongShape.readerIndex(), "a refused payload is left unread");
    }

    /** Corrupted commands only ever fail as Amf0Exception. */
    @Test
    void damagedCommandsOnlyThrowAmf0Exception() {
        ByteBuf encoded = RtmpCommand.connectResult(1).encode(ByteBufAllocator.DEFAULT);
        byte[] bytes = io.netty.buffer.ByteBufUtil.getBytes(encoded);
        encoded.release();
        java.util.Random random = new java.util.Random(20);
        for (int round = 0; round < 10_000; round++) {
            byte[] damaged = bytes.clone();
            damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            try {
                RtmpCommand.decode(Unpooled.wrappedBuffer(damaged, 0, random.nextInt(damaged.length + 1)));
            } catch (Amf0Exception expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void onStatusDecodesBackToTheSameValues() {
        RtmpCommand status = RtmpCommand.onStatus("status", "NetStream.Publish.Start", "test is now published.");
        RtmpCommand back = decodeEncoded(status);
        assertEquals(status, back);
        assertEquals("onStatus", back.name());
        assertEquals(0.0, back.transactionId());
        assertNull(back.commandObject());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", "status");
        info.put("code", "NetStream.Publish.Start");
        info.put("description", "test is now published.");
        assertEquals(List.of(info), back.arguments());
    }

    @Test
    void encodesConnectResult() {
        RtmpCommand back = decodeEncoded(RtmpCommand.connectResult(1));
        assertEquals("_result", back.name());
        assertEquals(1.0, back.transactionId());
        assertEquals(Map.of("fmsVer", "FMS/3,0,1,123", "capabilities", 31.0), back.commandObject());
        assertEquals(List.of(Map.of("level", "status", "code", "NetConnection.Connect.Success",
                "description", "Connection succeeded.", "objectEncoding", 0.0)), back.arguments());
    }

    @Test
    void encodesCreateStreamResultAndError() {
        RtmpCommand created = decodeEncoded(RtmpCommand.createStreamResult(4, 1));
        assertEquals(new RtmpCommand("_result", 4, null, List.of(1.0)), created);
        RtmpCommand error = decodeEncoded(RtmpCommand.error(5, "NetStream.Publish.BadName", "test is already published."));
        assertEquals("_error", error.name());
        assertEquals(5.0, error.transactionId());
        assertEquals(List.of(Map.of("level", "error", "code", "NetStream.Publish.BadName",
                "description", "test is already published.")), error.arguments());
    }

    @Test
    void encodesTheBytesAClientExpects() {
        ByteBuf expected = new Raw().string("_result").number(4).nul().number(1).buf;
        ByteBuf encoded = RtmpCommand.createStreamResult(4, 1).encode(ByteBufAllocator.DEFAULT);
        try {
            assertEquals(expected, encoded);
        } finally {
            encoded.release();
        }
    }

    @Test
    void copiesWhatItIsGiven() {
        List<Object> args = new java.util.ArrayList<>(Arrays.asList("a", null));
        RtmpCommand c = new RtmpCommand("x", 1, null, args);
        args.clear();
        assertEquals(Arrays.asList("a", null), c.arguments(), "nulls are allowed, later changes are not seen");
        assertThrows(UnsupportedOperationException.class, () -> c.arguments().add("b"));
    }

    private static RtmpCommand decodeEncoded(RtmpCommand command) {
        ByteBuf encoded = command.encode(ByteBufAllocator.DEFAULT);
        try {
            RtmpCommand back = RtmpCommand.decode(encoded);
            assertFalse(encoded.isReadable());
            return back;
        } finally {
            encoded.release();
        }
    }
}
