package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RTMP command message (type 20, AMF0): a name, a transaction id, a command object and
 * arguments, such as {@code connect}, {@code publish}, {@code play}, {@code _result} and
 * {@code onStatus}.
 *
 * <p>Decoding is lenient where clients differ and strict where the meaning would be lost: a
 * missing transaction id reads as 0 and a missing command object as null, but a name that is not
 * a string, a non-numeric transaction id, or a command object that is neither an object nor null
 * throws {@link Amf0Exception}, with the reader index left where it was. The command object and
 * arguments are unmodifiable shallow copies, so a decoded command can be passed between threads.
 */
record RtmpCommand(String name, double transactionId, Map<String, Object> commandObject, List<Object> arguments) {

    RtmpCommand {
        Objects.requireNonNull(name, "name");
        commandObject = commandObject == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(commandObject));
        arguments = arguments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(arguments));
    }

    /** Decodes a command message body; the buffer is read to its end. */
    static RtmpCommand decode(ByteBuf payload) {
        int start = payload.readerIndex();
        try {
            return shape(Amf0.readAll(payload), start);
        } catch (Amf0Exception e) {
            payload.readerIndex(start);
            throw e;
        }
    }

    private static RtmpCommand shape(List<Object> values, int offset) {
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            throw new Amf0Exception(offset, -1, "command without a name");
        }
        double transactionId = 0;
        if (values.size() > 1) {
            if (!(values.get(1) instanceof Double d)) {
                throw new Amf0Exception(offset, -1, "command " + name + " with a non-numeric transaction id");
            }
            transactionId = d;
        }
        Map<String, Object> commandObject = null;
        if (values.size() > 2) {
            Object o = values.get(2);
            if (o != null && !(o instanceof Map)) {
                throw new Amf0Exception(offset, -1, "command " + name + " with a command object that is not an object");
            }
            @SuppressWarnings("unchecked") // Amf0 only decodes maps with string keys
            Map<String, Object> m = (Map<String, Object>) o;
            commandObject = m;
        }
        List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
        return new RtmpCommand(name, transactionId, commandObject, arguments);
    }

    /** The argument at {@code index}, or null without one; argument 0 is the stream name of publish and play. */
    Object argument(int index) {
        return index < arguments.size() ? arguments.get(index) : null;
    }

    /** Encodes the message body into a new buffer, which the caller owns. */
    ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        try {
            Amf0.write(out, name);
            Amf0.write(out, transactionId);
            Amf0.write(out, commandObject);
            for (Object argument : arguments) {
                Amf0.write(out, argument);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** The {@code _result} of {@code connect}, with the server properties nginx-rtmp and MediaMTX send. */
    static RtmpCommand connectResult(double transactionId) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fmsVer", "FMS/3,0,1,123");
        properties.put("capabilities", 31.0);
        Map<String, Object> information = new LinkedHashMap<>();
        information.put("level", "status");
        information.put("code", "NetConnection.Connect.Success");
        information.put("description", "Connection succeeded.");
        information.put("objectEncoding", 0.0);
        return new RtmpCommand("_result", transactionId, properties, List.of(information));
    }

    /** The {@code _result} of {@code createStream}, carrying the new message stream id. */
    static RtmpCommand createStreamResult(double transactionId, int streamId) {
        return new RtmpCommand("_result", transactionId, null, List.of((double) streamId));
    }

    /** An {@code onStatus} event (transaction 0, no command object), such as NetStream.Publish.Start. */
    static RtmpCommand onStatus(String level, String code, String description) {
        return new RtmpCommand("onStatus", 0, null, List.of(info(level, code, description)));
    }

    /** An {@code _error} answer to a transaction, at level "error". */
    static RtmpCommand error(double transactionId, String code, String description) {
        return new RtmpCommand("_error", transactionId, null, List.of(info("error", code, description)));
    }

    private static Map<String, Object> info(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }
}
