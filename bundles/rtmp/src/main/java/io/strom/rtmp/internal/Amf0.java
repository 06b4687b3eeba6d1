package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0 values (Adobe's Action Message Format 0) read from and written to Netty buffers: what RTMP
 * commands and data messages such as onMetaData carry.
 *
 * <p>Mapping: number ↔ {@link Double} (any {@link Number} is written as one), boolean ↔
 * {@link Boolean}, string and long string ↔ {@link String}, object ↔ {@link LinkedHashMap},
 * ECMA array ↔ {@link EcmaArray}, strict array ↔ {@link List}, date ↔ {@link Instant}, null and
 * undefined ↔ {@code null}. References, movie clips, record sets, XML, typed objects and AVM+
 * values are refused: no RTMP client sends them in the messages a server must understand, and
 * supporting references would let a peer build cyclic structures.
 *
 * <p>Limits, because the input comes from unauthenticated peers: containers nest at most
 * {@value #MAX_DEPTH} deep and hold at most {@value #MAX_ELEMENTS} properties or elements, dates
 * stay within ECMAScript's range. Input beyond them, cut short, or with an unknown marker throws
 * {@link Amf0Exception} and leaves the reader index where it was. Memory stays proportional to
 * the input: every element costs at least one input byte and array count fields are checked
 * against the readable bytes before anything is allocated.
 */
final class Amf0 {

    static final int MAX_DEPTH = 32;
    static final int MAX_ELEMENTS = 65536;
    /** ECMAScript's time value range: 100,000,000 days either side of the epoch, in milliseconds. */
    static final double MAX_DATE_MILLIS = 8.64e15;

    static final int NUMBER = 0x00;
    static final int BOOLEAN = 0x01;
    static final int STRING = 0x02;
    static final int OBJECT = 0x03;
    static final int MOVIE_CLIP = 0x04;
    static final int NULL = 0x05;
    static final int UNDEFINED = 0x06;
    static final int REFERENCE = 0x07;
    static final int ECMA_ARRAY = 0x08;
    static final int OBJECT_END = 0x09;
    static final int STRICT_ARRAY = 0x0A;
    static final int DATE = 0x0B;
    static final int LONG_STRING = 0x0C;
    static final int UNSUPPORTED = 0x0D;
    static final int RECORD_SET = 0x0E;
    static final int XML_DOCUMENT = 0x0F;
    static final int TYPED_OBJECT = 0x10;
    static final int AVM_PLUS = 0x11;

    private static final int MAX_SHORT_STRING = 0xFFFF;

    /**
     * An AMF0 ECMA array: a map written with marker 0x08 rather than as an object, because
     * onMetaData is conventionally sent that way and some players only look for it there.
     */
    static final class EcmaArray extends LinkedHashMap<String, Object> {

        private static final long serialVersionUID = 1L;

        EcmaArray() {
        }

        EcmaArray(Map<String, ?> properties) {
            super(properties);
        }
    }

    private Amf0() {
    }

    /** Reads one value. */
    static Object read(ByteBuf in) {
        int start = in.readerIndex();
        try {
            return readValue(in, 0);
        } catch (Amf0Exception e) {
            in.readerIndex(start);
            throw e;
        }
    }

    /** Reads values until the buffer is empty, as in a command or data message body. */
    static List<Object> readAll(ByteBuf in) {
        int start = in.readerIndex();
        List<Object> values = new ArrayList<>();
        try {
            while (in.isReadable()) {
                if (values.size() >= MAX_ELEMENTS) {
                    throw new Amf0Exception(in.readerIndex(), -1, "more than " + MAX_ELEMENTS + " values");
                }
                values.add(readValue(in, 0));
            }
            return values;
        } catch (Amf0Exception e) {
            in.readerIndex(start);
            throw e;
        }
    }

    /**
     * Writes one value. Values that AMF0 cannot carry (other types, non-string keys, keys over
     * 65535 bytes, nesting beyond {@value #MAX_DEPTH}, which also catches cycles) are programming
     * errors: {@link IllegalArgumentException}, with {@code out} left as it was.
     */
    static void write(ByteBuf out, Object value) {
        int start = out.writerIndex();
        try {
            writeValue(out, value, 0);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    private static Object readValue(ByteBuf in, int depth) {
        int offset = in.readerIndex();
        if (!in.isReadable()) {
            throw new Amf0Exception(offset, -1, "input ended before a value");
        }
        int marker = in.readUnsignedByte();
        switch (marker) {
            case NUMBER:
                need(in, 8, offset, marker, "number");
                return in.readDouble();
            case BOOLEAN:
                need(in, 1, offset, marker, "boolean");
                return in.readByte() != 0;
            case STRING:
                need(in, 2, offset, marker, "string length");
                return readUtf8(in, in.readUnsignedShort(), offset, marker);
            case LONG_STRING:
                need(in, 4, offset, marker, "long string length");
                return readUtf8(in, in.readUnsignedInt(), offset, marker);
            case NULL:
            case UNDEFINED:
                return null;
            case OBJECT:
                checkDepth(depth, offset, marker);
                return readProperties(in, new LinkedHashMap<>(), depth + 1, offset, marker, -1);
            case ECMA_ARRAY: {
                checkDepth(depth, offset, marker);
                need(in, 4, offset, marker, "ECMA array count");
                // Only a hint: encoders write 0 or miscount, so the end marker decides.
                long hint = in.readUnsignedInt();
                return readProperties(in, new EcmaArray(), depth + 1, offset, marker, hint);
            }
            case STRICT_ARRAY:
                checkDepth(depth, offset, marker);
                return readStrictArray(in, depth + 1, offset, marker);
            case DATE:
                return readDate(in, offset, marker);
            case OBJECT_END:
                throw new Amf0Exception(offset, marker, "object end outside an object");
            case MOVIE_CLIP:
            case REFERENCE:
            case UNSUPPORTED:
            case RECORD_SET:
            case XML_DOCUMENT:
            case TYPED_OBJECT:
            case AVM_PLUS:
                throw new Amf0Exception(offset, marker, "unsupported type");
            default:
                throw new Amf0Exception(offset, marker, "unknown type marker");
        }
    }

    /**
     * Reads name/value pairs up to the empty name and object-end marker. An ECMA array that has
     * all its announced properties may also end with the input, as some encoders leave out the
     * end marker there; {@code ecmaCount} is -1 for objects, which must always be terminated.
     */
    private static LinkedHashMap<String, Object> readProperties(ByteBuf in, LinkedHashMap<String, Object> properties,
            int depth, int offset, int marker, long ecmaCount) {
        while (true) {
            if (!in.isReadable() && ecmaCount >= 0 && properties.size() >= ecmaCount) {
                return properties;
            }
            need(in, 2, offset, marker, "property name length");
            int nameLength = in.readUnsignedShort();
            if (nameLength == 0) {
                need(in, 1, offset, marker, "value after an empty property name");
                if (in.getUnsignedByte(in.readerIndex()) == OBJECT_END) {
                    in.skipBytes(1);
                    return properties;
                }
            }
            if (properties.size() >= MAX_ELEMENTS) {
                throw new Amf0Exception(offset, marker, "more than " + MAX_ELEMENTS + " properties");
            }
            String name = readUtf8(in, nameLength, offset, marker);
            properties.put(name, readValue(in, depth));
        }
    }

    private static List<Object> readStrictArray(ByteBuf in, int depth, int offset, int marker) {
        need(in, 4, offset, marker, "strict array count");
        long count = in.readUnsignedInt();
        if (count > MAX_ELEMENTS) {
            throw new Amf0Exception(offset, marker, "strict array of " + count + " elements, more than " + MAX_ELEMENTS);
        }
        // Every element takes at least its marker byte.
        need(in, count, offset, marker, "strict array elements");
        List<Object> elements = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            elements.add(readValue(in, depth));
        }
        return elements;
    }

    private static Instant readDate(ByteBuf in, int offset, int marker) {
        need(in, 10, offset, marker, "date");
        double millis = in.readDouble();
        in.skipBytes(2); // time zone: reserved, always 0 in practice and meaningless for an instant
        if (!(Math.abs(millis) <= MAX_DATE_MILLIS)) { // also refuses NaN
            throw new Amf0Exception(offset, marker, "date " + millis + " out of range");
        }
        long whole = (long) Math.floor(millis);
        long nanos = Math.round((millis - whole) * 1_000_000);
        return Instant.ofEpochMilli(whole).plusNanos(nanos);
    }

    private static String readUtf8(ByteBuf in, long length, int offset, int marker) {
        need(in, length, offset, marker, "string");
        int n = (int) length;
        String s = in.toString(in.readerIndex(), n, StandardCharsets.UTF_8);
        in.skipBytes(n);
        return s;
    }

    private static void need(ByteBuf in, long bytes, int offset, int marker, String what) {
        if (in.readableBytes() < bytes) {
            throw new Amf0Exception(offset, marker, "input ended inside " + what + ": needs " + bytes + " bytes, "
                    + in.readableBytes() + " left");
        }
    }

    private static void checkDepth(int depth, int offset, int marker) {
        if (depth >= MAX_DEPTH) {
            throw new Amf0Exception(offset, marker, "nested more than " + MAX_DEPTH + " deep");
        }
    }

    private static void writeValue(ByteBuf out, Object value, int depth) {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Number n) {
            out.writeByte(NUMBER).writeDouble(n.doubleValue());
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN).writeByte(b ? 1 : 0);
        } else if (value instanceof CharSequence s) {
            writeString(out, s);
        } else if (value instanceof EcmaArray a) {
            checkWriteDepth(depth);
            out.writeByte(ECMA_ARRAY).writeInt(a.size());
            writeProperties(out, a, depth + 1);
        } else if (value instanceof Map<?, ?> m) {
            checkWriteDepth(depth);
            out.writeByte(OBJECT);
            writeProperties(out, m, depth + 1);
        } else if (value instanceof List<?> l) {
            checkWriteDepth(depth);
            out.writeByte(STRICT_ARRAY).writeInt(l.size());
            for (Object element : l) {
                writeValue(out, element, depth + 1);
            }
        } else if (value instanceof Instant i) {
            writeDate(out, i.getEpochSecond() * 1000.0 + i.getNano() / 1_000_000.0);
        } else if (value instanceof Date d) {
            writeDate(out, d.getTime());
        } else {
            throw new IllegalArgumentException("AMF0 cannot carry a " + value.getClass().getName());
        }
    }

    private static void writeProperties(ByteBuf out, Map<?, ?> properties, int depth) {
        for (Map.Entry<?, ?> e : properties.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new IllegalArgumentException("AMF0 property names are strings, not " + e.getKey());
            }
            int length = ByteBufUtil.utf8Bytes(name);
            if (length > MAX_SHORT_STRING) {
                throw new IllegalArgumentException("AMF0 property name of " + length + " bytes");
            }
            out.writeShort(length);
            ByteBufUtil.writeUtf8(out, name);
            writeValue(out, e.getValue(), depth);
        }
        out.writeShort(0).writeByte(OBJECT_END);
    }

    private static void writeString(ByteBuf out, CharSequence s) {
        int length = ByteBufUtil.utf8Bytes(s);
        if (length > MAX_SHORT_STRING) {
            out.writeByte(LONG_STRING).writeInt(length);
        } else {
            out.writeByte(STRING).writeShort(length);
        }
        ByteBufUtil.writeUtf8(out, s);
    }

    private static void writeDate(ByteBuf out, double millis) {
        if (!(Math.abs(millis) <= MAX_DATE_MILLIS)) {
            throw new IllegalArgumentException("AMF0 date " + millis + " ms out of range");
        }
        out.writeByte(DATE).writeDouble(millis).writeShort(0);
    }

    private static void checkWriteDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("AMF0 value nested more than " + MAX_DEPTH + " deep (or cyclic)");
        }
    }
}
