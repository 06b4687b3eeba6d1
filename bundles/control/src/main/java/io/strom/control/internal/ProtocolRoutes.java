package io.strom.control.internal;

import static io.strom.control.internal.ApiRouter.GET;
import static io.strom.control.internal.ApiRouter.POST;
import static io.strom.control.internal.ApiRouter.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.strom.api.protocol.ProtocolConn;
import io.strom.api.protocol.ProtocolServer;
import io.strom.api.protocol.ProtocolSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /v3/<collection>/list}, {@code .../get/{id}} and {@code .../kick/{id}} from the
 * registered {@link ProtocolServer}s, looked up on every request so a protocol bundle started
 * later (HLS registering {@code hls} with {@link ProtocolServer#MUXERS}) is served at once and
 * one stopped is gone (its collections answer 404, as MediaMTX's do for a disabled server).
 *
 * <p>A server contributes, for each name {@code p} of {@link ProtocolServer#protocols()}, the
 * collection {@code p + sessionKind()} of the sessions whose protocol is {@code p}, and where it
 * has {@link ProtocolServer#connections()}, {@code p + "conns"}. Sessions can be kicked (POST),
 * except HLS muxers; connections cannot (MediaMTX kicks RTSP sessions, not connections). Lists
 * are sorted by creation time, then id, so pages are stable.
 */
final class ProtocolRoutes {

    private final Supplier<List<ProtocolServer>> servers;

    ProtocolRoutes(Supplier<List<ProtocolServer>> servers) {
        this.servers = servers;
    }

    /** One collection of one server. */
    private record Collection(ProtocolServer server, String protocol, boolean conns) {

        boolean kickable() {
            return !conns && !ProtocolServer.MUXERS.equals(server.sessionKind());
        }

        List<ProtocolSession> sessions() {
            List<ProtocolSession> out = new ArrayList<>();
            for (ProtocolSession s : server.sessions()) {
                if ((s.protocol().isEmpty() ? server.protocol() : s.protocol()).equals(protocol)) {
                    out.add(s);
                }
            }
            out.sort(Comparator.comparing(ProtocolSession::created).thenComparing(ProtocolSession::id));
            return out;
        }

        List<ProtocolConn> connections() {
            List<ProtocolConn> all = server.connections();
            List<ProtocolConn> out = new ArrayList<>();
            for (ProtocolConn c : all == null ? List.<ProtocolConn>of() : all) {
                if (c.protocol().equals(protocol)) {
                    out.add(c);
                }
            }
            out.sort(Comparator.comparing(ProtocolConn::created).thenComparing(ProtocolConn::id));
            return out;
        }

        /** The ids of the connections carrying session {@code id}, or null where the server has no connections. */
        List<String> connsOf(String id) {
            List<ProtocolConn> all = server.connections();
            return all == null ? null : all.stream().filter(c -> c.session().equals(id)).map(ProtocolConn::id).toList();
        }

        JsonNode json(ProtocolSession s) {
            return ApiJson.session(s, connsOf(s.id()));
        }
    }

    /** The answer to {@code /v3/<rest>}. */
    JsonNode answer(String method, String rest, Map<String, List<String>> query) throws ApiException {
        String[] parts = rest.split("/", 3);
        Collection c = find(parts[0]);
        if (c == null || parts.length < 2) {
            throw ApiException.notFound("route");
        }
        String op = parts[1];
        if (op.equals("list") && parts.length == 2) {
            expect(method, GET);
            return c.conns ? ApiJson.list(c.connections(), Page.of(query), ApiJson::conn)
                    : ApiJson.list(c.sessions(), Page.of(query), c::json);
        }
        if (op.equals("get") || op.equals("kick") && c.kickable()) {
            expect(method, op.equals("get") ? GET : POST);
            String id = ApiRouter.name(rest, parts[0] + "/" + op);
            return op.equals("get") ? get(c, id) : kick(c, id);
        }
        throw ApiException.notFound("route");
    }

    private static JsonNode get(Collection c, String id) throws ApiException {
        if (c.conns) {
            for (ProtocolConn conn : c.connections()) {
                if (conn.id().equals(id)) {
                    return ApiJson.conn(conn);
                }
            }
            throw ApiException.notFound("connection");
        }
        for (ProtocolSession s : c.sessions()) {
            if (s.id().equals(id)) {
                return c.json(s);
            }
        }
        throw ApiException.notFound(ProtocolServer.MUXERS.equals(c.server.sessionKind()) ? "muxer" : "session");
    }

    private static JsonNode kick(Collection c, String id) throws ApiException {
        // Only a session of this collection: an RTSPS session is not kicked through rtspsessions.
        if (c.sessions().stream().noneMatch(s -> s.id().equals(id)) || !c.server.kick(id)) {
            throw ApiException.notFound("session");
        }
        return ApiJson.ok();
    }

    private Collection find(String name) {
        for (ProtocolServer s : servers.get()) {
            for (String p : s.protocols()) {
                if (name.equals(p + s.sessionKind())) {
                    return new Collection(s, p, false);
                }
                if (name.equals(p + ProtocolServer.CONNS) && s.connections() != null) {
                    return new Collection(s, p, true);
                }
            }
        }
        return null;
    }
}
