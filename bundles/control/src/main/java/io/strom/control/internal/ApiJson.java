package io.strom.control.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strom.api.path.PathInfo;
import io.strom.api.protocol.ProtocolConn;
import io.strom.api.protocol.ProtocolSession;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON shapes of MediaMTX's v3 API: lists with {@code itemCount}, {@code pageCount} and
 * {@code items}; paths, sessions and connections; {@code {"status":"ok"}} and
 * {@code {"status":"error","error":"..."}}. Byte counters appear under both MediaMTX's current
 * names ({@code inboundBytes}, {@code outboundBytes}) and the older ones ({@code bytesReceived},
 * {@code bytesSent}). Fields Strom does not know (user agent, RTP packet counts) are left out
 * rather than filled with zeros.
 */
final class ApiJson {

    /** Bodies with a key twice, or with anything after the object, are refused rather than half read. */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ApiJson() {
    }

    static ObjectNode ok() {
        return MAPPER.createObjectNode().put("status", "ok");
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("status", "error").put("error", message);
    }

    /** One page of {@code all}, each item turned into JSON by {@code item}. */
    static <T> ObjectNode list(List<T> all, Page page, Function<T, JsonNode> item) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("itemCount", all.size());
        out.put("pageCount", page.pageCount(all.size()));
        ArrayNode items = out.putArray("items");
        page.of(all).forEach(t -> items.add(item.apply(t)));
        return out;
    }

    /** A request body that must be a JSON object, as a map of plain values. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> objectBody(byte[] body) throws ApiException {
        if (body.length == 0) {
            throw new ApiException(400, "invalid JSON: the body is empty, a JSON object was expected");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiException(400, "invalid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "invalid JSON: a JSON object was expected");
        }
        return MAPPER.convertValue(node, Map.class);
    }

    static JsonNode value(Object plain) {
        return MAPPER.valueToTree(plain);
    }

    static ObjectNode path(PathInfo p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", p.name());
        n.put("confName", p.confName());
        if (p.source() == null) {
            n.putNull("source");
        } else {
            n.putObject("source").put("type", p.source().type()).put("id", p.source().id());
        }
        String since = time(p.readyTime());
        for (String state : new String[] {"ready", "available", "online"}) {
            n.put(state, p.ready());
            n.put(state + "Time", since);
        }
        ArrayNode tracks = n.putArray("tracks");
        p.tracks().forEach(tracks::add);
        bytes(n, p.bytesReceived(), p.bytesSent());
        ArrayNode readers = n.putArray("readers");
        p.readers().forEach(r -> readers.addObject().put("type", r.type()).put("id", r.id()));
        return n;
    }

    /** A session; {@code conns} lists the connections carrying it, or is null where the server has none. */
    static ObjectNode session(ProtocolSession s, List<String> conns) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", s.id());
        n.put("created", time(s.created()));
        n.put("remoteAddr", address(s.remoteAddress()));
        n.put("state", s.state());
        n.put("path", s.path());
        n.put("query", s.query());
        if (s.transport() != null) {
            n.put("transport", s.transport());
        }
        if (conns != null) {
            ArrayNode ids = n.putArray("conns");
            conns.forEach(ids::add);
        }
        bytes(n, s.bytesReceived(), s.bytesSent());
        return n;
    }

    static ObjectNode conn(ProtocolConn c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("created", time(c.created()));
        n.put("remoteAddr", address(c.remoteAddress()));
        if (c.session().isEmpty()) {
            n.putNull("session");
        } else {
            n.put("session", c.session());
        }
        bytes(n, c.bytesReceived(), c.bytesSent());
        return n;
    }

    private static void bytes(ObjectNode n, long received, long sent) {
        n.put("inboundBytes", received);
        n.put("outboundBytes", sent);
        n.put("bytesReceived", received);
        n.put("bytesSent", sent);
    }

    /** {@code 127.0.0.1:5000}, {@code [::1]:5000} (RFC 5952 form), as Go prints addresses; empty when unknown. */
    static String address(InetSocketAddress a) {
        if (a == null) {
            return "";
        }
        String host = a.getAddress() == null ? a.getHostString() : io.netty.util.NetUtil.toAddressString(a.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
