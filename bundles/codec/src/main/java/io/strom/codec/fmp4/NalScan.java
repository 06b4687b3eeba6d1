package io.strom.codec.fmp4;

import io.netty.buffer.ByteBuf;
import java.util.Base64;
import java.util.Map;

/** Finding parameter sets in AVCC access units and in fmtp parameters. */
final class NalScan {

    private NalScan() {
    }

    /**
     * The first NAL unit of {@code type} in an AVCC access unit (4-byte lengths), or null.
     *
     * @param h265 whether types are read as H265's (6 bits after the forbidden bit) or H264's (low 5 bits)
     */
    static byte[] find(ByteBuf au, int type, boolean h265) {
        if (au == null) {
            return null;
        }
        int pos = au.readerIndex();
        int end = au.writerIndex();
        while (pos + 5 <= end) {
            int length = au.getInt(pos);
            if (length <= 0 || length > end - pos - 4) {
                return null;
            }
            int header = au.getUnsignedByte(pos + 4);
            int t = h265 ? (header >> 1) & 0x3F : header & 0x1F;
            if (t == type) {
                byte[] nal = new byte[length];
                au.getBytes(pos + 4, nal);
                return nal;
            }
            pos += 4 + length;
        }
        return null;
    }

    /** The {@code index}-th entry of a comma-separated base64 fmtp parameter, or null. */
    static byte[] fromFmtp(Map<String, String> parameters, String name, int index) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        String[] items = value.split(",");
        if (index >= items.length) {
            return null;
        }
        try {
            byte[] nal = Base64.getDecoder().decode(items[index].strip());
            return nal.length == 0 ? null : nal;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] or(byte[] first, byte[] second) {
        return first != null ? first : second;
    }
}
