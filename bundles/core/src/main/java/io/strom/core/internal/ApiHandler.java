package io.strom.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.strom.api.path.PathInfo;
import io.strom.api.path.PathManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the v3 control requests. Stateless, so one instance serves every connection. A
 * request Netty could not decode gets 400 and the connection is closed; any other failure is a
 * 500 with the reason, never a dead listener.
 */
@Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final int DEFAULT_ITEMS_PER_PAGE = 100;

    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final PathManager pathManager;
    private final Callable<Map<String, Object>> globalConfig;

    ApiHandler(PathManager pathManager, Callable<Map<String, Object>> globalConfig) {
        this.pathManager = pathManager;
        this.globalConfig = globalConfig;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, error("malformed request"), true);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        try {
            switch (uri.path()) {
                case "/v3/paths/list" -> onlyGet(ctx, request, () -> pathsList(uri));
                case "/v3/config/global/get" -> onlyGet(ctx, request, () -> json.valueToTree(globalConfig.call()));
                default -> respond(ctx, request, HttpResponseStatus.NOT_FOUND, error("not found"), false);
            }
        } catch (BadRequest e) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, error(e.getMessage()), false);
        } catch (Exception e) {
            LOG.warn("API request {} failed", uri.path(), e);
            respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, error(e.toString()), false);
        }
    }

    private interface Body {
        Object get() throws Exception;
    }

    private void onlyGet(ChannelHandlerContext ctx, FullHttpRequest request, Body body) throws Exception {
        if (!HttpMethod.GET.equals(request.method())) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, error("method not allowed"), false);
            return;
        }
        respond(ctx, request, HttpResponseStatus.OK, body.get(), false);
    }

    private ObjectNode pathsList(QueryStringDecoder uri) throws BadRequest {
        int perPage = intParam(uri, "itemsPerPage", DEFAULT_ITEMS_PER_PAGE, 1);
        int page = intParam(uri, "page", 0, 0);
        List<PathInfo> all = pathManager.paths();
        ObjectNode out = json.createObjectNode();
        out.put("itemCount", all.size());
        out.put("pageCount", (all.size() + perPage - 1) / perPage);
        ArrayNode items = out.putArray("items");
        long from = (long) page * perPage;
        for (long i = from; i < Math.min(all.size(), from + perPage); i++) {
            items.add(pathJson(all.get((int) i)));
        }
        return out;
    }

    private ObjectNode pathJson(PathInfo p) {
        ObjectNode n = json.createObjectNode();
        n.put("name", p.name());
        n.put("confName", p.confName());
        if (p.source() == null) {
            n.putNull("source");
        } else {
            n.putObject("source").put("type", p.source().type()).put("id", p.source().id());
        }
        n.put("ready", p.ready());
        n.put("readyTime", p.readyTime() == null ? null : p.readyTime().toString());
        ArrayNode tracks = n.putArray("tracks");
        p.tracks().forEach(tracks::add);
        n.put("bytesReceived", p.bytesReceived());
        n.put("bytesSent", p.bytesSent());
        ArrayNode readers = n.putArray("readers");
        p.readers().forEach(r -> readers.addObject().put("type", r.type()).put("id", r.id()));
        return n;
    }

    private static int intParam(QueryStringDecoder uri, String name, int fallback, int min) throws BadRequest {
        List<String> values = uri.parameters().get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(values.get(0));
            if (v < min) {
                throw new BadRequest("invalid " + name);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequest("invalid " + name);
        }
    }

    private ObjectNode error(String message) {
        return json.createObjectNode().put("error", message);
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, Object body,
            boolean close) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (Exception e) {
            bytes = ("{\"error\":\"cannot encode the answer\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("API connection failed", cause);
        ctx.close();
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
