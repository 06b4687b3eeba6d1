package io.strom.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtmpDataTest {

    private static void string(ByteBuf b, String s) {
        b.writeByte(0x02);
        name(b, s);
    }

    private static void name(ByteBuf b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.writeShort(bytes.length).writeBytes(bytes);
    }

    @Test
    void decodesSetDataFrameAsFfmpegSendsIt() {
        ByteBuf in = Unpooled.buffer();
        string(in, "@setDataFrame");
        string(in, "onMetaData");
        in.writeByte(0x08).writeInt(4);
        name(in, "duration");
        in.writeByte(0x00).writeDouble(0);
        name(in, "width");
        in.writeByte(0x00).writeDouble(1280);
        name(in, "videocodecid");
        in.writeByte(0x00).writeDouble(7);
        name(in, "encoder");
        string(in, "Lavf59.27.100");
        in.writeShort(0).writeByte(0x09);
        RtmpData data = RtmpData.decode(in);
        assertEquals("@setDataFrame", data.name());
        assertEquals("onMetaData", data.values().get(0));
        assertEquals(Map.of("duration", 0.0, "width", 1280.0, "videocodecid", 7.0, "encoder", "Lavf59.27.100"), data.metaData());
        assertInstanceOf(Amf0.EcmaArray.class, data.metaData());
    }

    @Test
    void buildsOnMetaDataAsAnEcmaArray() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("width", 1920.0);
        properties.put("height", 1080.0);
        properties.put("videocodecid", 7.0);
        ByteBuf encoded = RtmpData.onMetaData(properties).encode(ByteBufAllocator.DEFAULT);
        try {
            assertEquals(0x08, encoded.getUnsignedByte(1 + 2 + "onMetaData".length()), "the ECMA array marker");
            RtmpData back = RtmpData.decode(encoded);
            assertEquals("onMetaData", back.name());
            assertEquals(properties, back.metaData());
            assertInstanceOf(Amf0.EcmaArray.class, back.values().get(0));
        } finally {
            encoded.release();
        }
    }

    @Test
    void hasNoMetaDataOtherwise() {
        assertNull(new RtmpData("onTextData", List.of(Map.of("text", "hi"))).metaData());
        assertNull(new RtmpData("@setDataFrame", List.of("onCuePoint", Map.of())).metaData());
        assertNull(new RtmpData("onMetaData", List.of()).metaData());
    }

    @Test
    void refusesPayloadsWithoutAName() {
        assertThrows(Amf0Exception.class, () -> RtmpData.decode(Unpooled.EMPTY_BUFFER));
        assertThrows(Amf0Exception.class, () -> RtmpData.decode(Unpooled.wrappedBuffer(new byte[] {0x05})));
        assertThrows(Amf0Exception.class, () -> RtmpData.decode(Unpooled.wrappedBuffer(new byte[] {0x02, 0x00, 0x05, 'o'})));
    }
}
