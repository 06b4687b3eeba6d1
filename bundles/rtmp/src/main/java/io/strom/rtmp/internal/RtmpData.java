package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RTMP data message (type 18, AMF0): a name and values, in practice {@code @setDataFrame}
 * from publishers and {@code onMetaData} to readers.
 *
 * <p>A name that is not a string throws {@link Amf0Exception}, with the reader index left where it
 * was. Values are an unmodifiable shallow copy.
 */
record RtmpData(String name, List<Object> values) {

    static final String SET_DATA_FRAME = "@setDataFrame";
    static final String ON_META_DATA = "onMetaData";

    RtmpData {
        Objects.requireNonNull(name, "name");
        values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** Decodes a data message body; the buffer is read to its end. */
    static RtmpData decode(ByteBuf payload) {
        int start = payload.readerIndex();
        List<Object> values = Amf0.readAll(payload);
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            payload.readerIndex(start);
            throw new Amf0Exception(start, -1, "data message without a name");
        }
        return new RtmpData(name, values.subList(1, values.size()));
    }

    /**
     * The stream metadata, whether sent as {@code @setDataFrame("onMetaData", map)} or as
     * {@code onMetaData(map)}, or null when this message carries none.
     */
    @SuppressWarnings("unchecked") // Amf0 only decodes maps with string keys
    Map<String, Object> metaData() {
        int at;
        if (name.equals(SET_DATA_FRAME) && !values.isEmpty() && ON_META_DATA.equals(values.get(0))) {
            at = 1;
        } else if (name.equals(ON_META_DATA)) {
            at = 0;
        } else {
            return null;
        }
        return values.size() > at && values.get(at) instanceof Map ? (Map<String, Object>) values.get(at) : null;
    }

    /** Encodes the message body into a new buffer, which the caller owns. */
    ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        try {
            Amf0.write(out, name);
            for (Object value : values) {
                Amf0.write(out, value);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** {@code onMetaData} as sent to readers: the properties as an ECMA array, as players expect. */
    static RtmpData onMetaData(Map<String, ?> properties) {
        return new RtmpData(ON_META_DATA, List.of(new Amf0.EcmaArray(properties)));
    }
}
