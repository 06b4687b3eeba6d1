package io.strom.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The AMF0 a test RTMP client needs: writing Number, String, Boolean, Object and null; reading them back. */
final class TestAmf0 {

    private TestAmf0() {
    }

    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    static Object read(java.nio.ByteBuffer in) {
        int type = in.get() & 0xFF;
        switch (type) {
            case 0x00:
                return in.getDouble();
            case 0x01:
                return in.get() != 0;
            case 0x02:
                return readUtf8(in, in.getShort() & 0xFFFF);
            case 0x0C:
                return readUtf8(in, in.getInt());
            case 0x05:
            case 0x06:
                return NULL;
            case 0x08:
                in.getInt(); // ECMA array count: ends like an object anyway
                return readProperties(in);
            case 0x03:
                return readProperties(in);
            case 0x0A: {
                int n = in.getInt();
                List<Object> list = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return list;
            }
            default:
                throw new IllegalArgumentException("AMF0 type " + type);
        }
    }

    private static Map<String, Object> readProperties(java.nio.ByteBuffer in) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            String key = readUtf8(in, in.getShort() & 0xFFFF);
            if (key.isEmpty() && in.get(in.position()) == 0x09) {
                in.get();
                return map;
            }
            map.put(key, read(in));
        }
    }

    private static String readUtf8(java.nio.ByteBuffer in, int length) {
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** AMF0 values in a row: Number (Double), String, Boolean, Object (Map), and null. */
    static byte[] write(Object... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object v : values) {
            writeAmf0(b, v);
        }
        return b.toByteArray();
    }

    private static void writeAmf0(ByteArrayOutputStream b, Object v) {
        if (v == null) {
            b.write(0x05);
        } else if (v instanceof Number n) {
            b.write(0x00);
            long bits = Double.doubleToLongBits(n.doubleValue());
            for (int i = 7; i >= 0; i--) {
                b.write((int) (bits >>> (8 * i)));
            }
        } else if (v instanceof Boolean flag) {
            b.write(0x01);
            b.write(flag ? 1 : 0);
        } else if (v instanceof String s) {
            b.write(0x02);
            writeUtf8(b, s);
        } else if (v instanceof Map<?, ?> map) {
            b.write(0x03);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeUtf8(b, (String) e.getKey());
                writeAmf0(b, e.getValue());
            }
            b.write(0);
            b.write(0);
            b.write(0x09); // object end
        } else {
            throw new IllegalArgumentException("no AMF0 for " + v.getClass());
        }
    }

    private static void writeUtf8(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.write(bytes.length >>> 8);
        b.write(bytes.length);
        b.writeBytes(bytes);
    }
}
