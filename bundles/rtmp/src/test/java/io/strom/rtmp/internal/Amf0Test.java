package io.strom.rtmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Amf0Test {

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
    }

    private static String hexOf(Object value) {
        ByteBuf out = Unpooled.buffer();
        Amf0.write(out, value);
        return ByteBufUtil.hexDump(out);
    }

    private static Object roundTrip(Object value) {
        ByteBuf buf = Unpooled.buffer();
        Amf0.write(buf, value);
        Object back = Amf0.read(buf);
        assertFalse(buf.isReadable(), "the value is read to its last byte");
        return back;
    }

    private static Amf0Exception fails(String hex) {
        ByteBuf in = hex(hex);
        int start = in.readerIndex();
        Amf0Exception e = assertThrows(Amf0Exception.class, () -> Amf0.read(in));
        assertEquals(start, in.readerIndex(), "a failed read leaves the reader index alone");
        return e;
    }

    @Test
    void roundTripsScalars() {
        assertEquals(0.0, roundTrip(0.0));
        assertEquals(-1.5, roundTrip(-1.5));
        assertEquals(Double.NaN, roundTrip(Double.NaN));
        assertEquals(1935.0, roundTrip(1935), "any Number is written as a double");
        assertEquals(7.0, roundTrip(7L));
        assertEquals(Boolean.TRUE, roundTrip(true));
        assertEquals(Boolean.FALSE, roundTrip(false));
        assertEquals("", roundTrip(""));
        assertEquals("live/test", roundTrip("live/test"));
        assertEquals("é中😀", roundTrip("é中😀"));
        assertEquals("sb", roundTrip(new StringBuilder("sb")));
        assertNull(roundTrip(null));
    }

    @Test
    void writesTheSpecifiedBytes() {
        assertEquals("003ff0000000000000", hexOf(1));
        assertEquals("0101", hexOf(true));
        assertEquals("02000161", hexOf("a"));
        assertEquals("05", hexOf(null));
        assertEquals("0300016105000009", hexOf(single("a", null)));
        assertEquals("08000000010001610101000009", hexOf(new Amf0.EcmaArray(single("a", true))));
        assertEquals("0a000000020505", hexOf(Arrays.asList(null, null)));
        assertEquals("0b" + "0000000000000000" + "0000", hexOf(Instant.EPOCH));
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    @Test
    void readsUndefinedAsNull() {
        assertNull(Amf0.read(hex("06")));
    }

    @Test
    void switchesToLongStringsPast65535Bytes() {
        String max = "x".repeat(65535);
        assertEquals("02ffff", hexOf(max).substring(0, 6));
        assertEquals(max, roundTrip(max));
        String longer = "é".repeat(40000); // 80000 UTF-8 bytes, 40000 chars: the byte count decides
        assertEquals("0c00013880", hexOf(longer).substring(0, 10));
        assertEquals(longer, roundTrip(longer));
        assertEquals("ab", Amf0.read(hex("0c 00000002 6162")));
    }

    @Test
    void roundTripsNestedObjectsAndArrays() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("level", "status");
        inner.put("list", new ArrayList<>(Arrays.asList(1.0, "two", null, false, List.of(3.0))));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("inner", inner);
        outer.put("", "an empty name is a name when no end marker follows");
        outer.put("when", Instant.ofEpochMilli(1_700_000_000_123L));
        outer.put("ecma", new Amf0.EcmaArray(single("width", 1280.0)));
        Object back = roundTrip(outer);
        assertEquals(outer, back);
        assertInstanceOf(LinkedHashMap.class, back);
        assertEquals(List.copyOf(outer.keySet()), List.copyOf(((Map<?, ?>) back).keySet()), "order is kept");
        assertInstanceOf(Amf0.EcmaArray.class, ((Map<?, ?>) back).get("ecma"), "ECMA arrays stay ECMA arrays");
        assertFalse(((Map<?, ?>) back).get("inner") instanceof Amf0.EcmaArray, "objects stay objects");
        assertEquals(List.of(), roundTrip(List.of()));
        assertEquals(Map.of(), roundTrip(Map.of()));
    }

    @Test
    void readsEcmaArraysWhateverTheirCountHint() {
        Map<?, ?> wrongHint = (Map<?, ?>) Amf0.read(hex("08 00000000 0001 61 0101 0001 62 0100 000009"));
        assertEquals(Map.of("a", true, "b", false), wrongHint);
        Map<?, ?> unterminated = (Map<?, ?>) Amf0.read(hex("08 00000001 0001 61 0101"));
        assertEquals(Map.of("a", true), unterminated, "all announced properties, then the input ends");
        fails("08 00000002 0001 61 0101");
    }

    @Test
    void roundTripsDates() {
        for (Instant i : List.of(Instant.EPOCH, Instant.ofEpochMilli(1_700_000_000_123L), Instant.ofEpochMilli(-86_400_001L),
                Instant.parse("2038-01-19T03:14:08.500Z"), Instant.ofEpochMilli(-1).plusNanos(500_000))) {
            assertEquals(i, roundTrip(i));
        }
        assertEquals(Instant.ofEpochMilli(1000), roundTrip(new java.util.Date(1000)));
        assertEquals(Instant.ofEpochMilli(1000), Amf0.read(hex("0b 408f400000000000 ffc4")), "the time zone is ignored");
        assertThrows(IllegalArgumentException.class, () -> Amf0.write(Unpooled.buffer(), Instant.MAX));
    }

    @Test
    void readsValueAfterValue() {
        assertEquals(Arrays.asList("connect", 1.0, null), Amf0.readAll(hex("02 0007 636f6e6e656374 00 3ff0000000000000 05")));
        assertEquals(List.of(), Amf0.readAll(Unpooled.EMPTY_BUFFER));
    }

    @Test
    void refusesUnknownAndUnsupportedMarkers() {
        Amf0Exception e = fails("12");
        assertEquals(0x12, e.marker());
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("0x12"), e.getMessage());
        assertEquals(0xff, fails("ff").marker());
        for (int marker : new int[] {0x04, 0x07, 0x0D, 0x0E, 0x0F, 0x10, 0x11}) {
            Amf0Exception u = fails(String.format("%02x 0000 0000", marker));
            assertEquals(marker, u.marker());
            assertTrue(u.getMessage().contains("unsupported"), u.getMessage());
        }
        assertEquals(0x09, fails("09").marker(), "an object end outside an object");
        Amf0Exception nested = fails("03 0001 61 07 0001 000009");
        assertEquals(4, nested.offset(), "the offset points at the failing value, not its container");
        assertEquals(0x07, nested.marker());
    }

    @Test
    void refusesTruncatedInput() {
        assertEquals(-1, fails("").marker());
        assertEquals(Amf0.NUMBER, fails("00 3ff000").marker());
        assertEquals(Amf0.BOOLEAN, fails("01").marker());
        assertEquals(Amf0.STRING, fails("02 00").marker());
        assertEquals(Amf0.STRING, fails("02 0005 6162").marker());
        assertEquals(Amf0.LONG_STRING, fails("0c 7fffffff 61").marker());
        assertEquals(Amf0.LONG_STRING, fails("0c ffffffff 61").marker());
        assertEquals(Amf0.OBJECT, fails("03 0001 61 05").marker(), "no end marker");
        assertEquals(Amf0.OBJECT, fails("03 0001 61 05 0000").marker(), "half an end marker");
        assertEquals(Amf0.OBJECT, fails("03 0005 61").marker(), "property name cut short");
        assertEquals(-1, fails("03 0001 61").marker(), "value missing");
        assertEquals(Amf0.ECMA_ARRAY, fails("08 0000").marker());
        assertEquals(Amf0.STRICT_ARRAY, fails("0a 00000003 05").marker());
        assertEquals(Amf0.STRICT_ARRAY, fails("0a ffffffff").marker(), "an absurd count is refused before allocating");
        assertEquals(Amf0.DATE, fails("0b 0000000000000000 00").marker());
        ByteBuf partial = hex("02 0001 61 02 0005 61");
        assertThrows(Amf0Exception.class, () -> Amf0.readAll(partial));
        assertEquals(0, partial.readerIndex());
    }

    @Test
    void refusesDatesOutOfRange() {
        assertEquals(Amf0.DATE, fails("0b 7ff8000000000000 0000").marker(), "NaN");
        assertEquals(Amf0.DATE, fails("0b 7e37e43c8800759c 0000").marker(), "1e300");
    }

    @Test
    void limitsNesting() {
        assertEquals(nest(Amf0.MAX_DEPTH), Amf0.read(nestedBytes(Amf0.MAX_DEPTH)));
        Amf0Exception e = assertThrows(Amf0Exception.class, () -> Amf0.read(nestedBytes(Amf0.MAX_DEPTH + 1)));
        assertEquals(Amf0.OBJECT, e.marker());
        assertThrows(Amf0Exception.class, () -> Amf0.read(hex("0a00000001".repeat(Amf0.MAX_DEPTH + 1) + "05")));
        assertThrows(Amf0Exception.class, () -> Amf0.read(hex("08 00000001 0001 6b".repeat(10_000))), "and does not overflow the stack");
        assertThrows(IllegalArgumentException.class, () -> Amf0.write(Unpooled.buffer(), nest(Amf0.MAX_DEPTH + 1)));
    }

    private static Object nest(int depth) {
        Object value = "leaf";
        for (int i = 0; i < depth; i++) {
            value = single("k", value);
        }
        return value;
    }

    private static ByteBuf nestedBytes(int depth) {
        ByteBuf out = Unpooled.buffer();
        for (int i = 0; i < depth; i++) {
            out.writeByte(Amf0.OBJECT).writeShort(1).writeByte('k');
        }
        out.writeByte(Amf0.STRING).writeShort(4).writeCharSequence("leaf", StandardCharsets.US_ASCII);
        for (int i = 0; i < depth; i++) {
            out.writeShort(0).writeByte(Amf0.OBJECT_END);
        }
        return out;
    }

    @Test
    void limitsSizes() {
        ByteBuf object = Unpooled.buffer().writeByte(Amf0.OBJECT);
        for (int i = 0; i <= Amf0.MAX_ELEMENTS; i++) {
            String name = Integer.toString(i);
            object.writeShort(name.length()).writeCharSequence(name, StandardCharsets.US_ASCII);
            object.writeByte(Amf0.NULL);
        }
        object.writeShort(0).writeByte(Amf0.OBJECT_END);
        assertTrue(assertThrows(Amf0Exception.class, () -> Amf0.read(object)).getMessage().contains("properties"));
        assertTrue(assertThrows(Amf0Exception.class, () -> Amf0.read(hex("0a 00010001"))).getMessage().contains("more than"));
        byte[] nulls = new byte[Amf0.MAX_ELEMENTS + 1];
        Arrays.fill(nulls, (byte) Amf0.NULL);
        ByteBuf values = Unpooled.wrappedBuffer(nulls);
        assertThrows(Amf0Exception.class, () -> Amf0.readAll(values));
    }

    @Test
    void refusesValuesAmf0CannotCarry() {
        ByteBuf out = Unpooled.buffer().writeByte(0x42);
        assertThrows(IllegalArgumentException.class, () -> Amf0.write(out, List.of("ok", new Object())));
        assertEquals(1, out.writerIndex(), "nothing is left half written");
        assertThrows(IllegalArgumentException.class, () -> Amf0.write(out, Map.of(1, "non-string key")));
        assertThrows(IllegalArgumentException.class, () -> Amf0.write(out, single("k".repeat(65536), null)));
        Map<String, Object> cyclic = new LinkedHashMap<>();
        cyclic.put("self", cyclic);
        assertThrows(IllegalArgumentException.class, () -> Amf0.write(out, cyclic));
    }

    /** Cut and corrupted input only ever fails as Amf0Exception: nothing else escapes to the connection. */
    @Test
    void damagedInputOnlyThrowsAmf0Exception() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "é中😀");
        value.put("n", 3.0);
        value.put("list", Arrays.asList(true, null, Instant.ofEpochMilli(5), List.of(single("x", "y"))));
        value.put("ecma", new Amf0.EcmaArray(single("z", 1.0)));
        value.put("long", "L".repeat(70_000));
        ByteBuf whole = Unpooled.buffer();
        Amf0.write(whole, "connect");
        Amf0.write(whole, value);
        byte[] bytes = ByteBufUtil.getBytes(whole);
        for (int length = 0; length < bytes.length; length += length < 400 ? 1 : 997) {
            readAllowingAmf0Exception(Arrays.copyOf(bytes, length));
        }
        Random random = new Random(1935);
        byte[] small = Arrays.copyOf(bytes, 300);
        for (int round = 0; round < 20_000; round++) {
            byte[] damaged = small.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            readAllowingAmf0Exception(Arrays.copyOf(damaged, random.nextInt(damaged.length + 1)));
        }
    }

    private static void readAllowingAmf0Exception(byte[] bytes) {
        try {
            Amf0.readAll(Unpooled.wrappedBuffer(bytes));
        } catch (Amf0Exception expected) {
            // the only acceptable failure
        }
    }
}
