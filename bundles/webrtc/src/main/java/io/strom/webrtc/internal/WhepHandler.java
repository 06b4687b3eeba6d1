package io.strom.webrtc.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import io.strom.api.media.MediaDescription;
import io.strom.api.path.PathException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WHEP (draft-ietf-wish-whep) and WHIP (RFC 9725) over HTTP: {@code POST /<path>/whep} with an
 * SDP offer creates a reading session, {@code POST /<path>/whip} a publishing one; each answers
 * 201 with the SDP answer and the session's {@code Location}; {@code PATCH} on that location
 * adds trickled candidates; {@code DELETE} ends it; {@code OPTIONS} answers CORS pre-flights;
 * {@code GET /<path>/} is the player page and {@code GET /<path>/publish} the publishing page
 * (both with {@code /<path>/webrtc.js}).
 * Every refusal carries a one-line reason in its body.
 */
@Sharable
final class WhepHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(WhepHandler.class);
    private static final String SDP = "application/sdp";
    private static final String SDP_FRAGMENT = "application/trickle-ice-sdpfrag";
    private static final String REALM = "strom";

    private final WebRtcServer server;
    private final byte[] playerPage;
    private final byte[] publishPage;
    private final byte[] pageScript;

    WhepHandler(WebRtcServer server) {
        this.server = server;
        this.playerPage = resource("player.html");
        this.publishPage = resource("publish.html");
        this.pageScript = resource("webrtc.js");
    }

    private static byte[] resource(String name) {
        try (InputStream in = WhepHandler.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(name + " missing from the bundle", e);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            server.counters.badRequests.increment();
            respond(ctx, request, text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"), true);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String target = uri.path();
        try {
            if (request.method().equals(HttpMethod.OPTIONS)) {
                respond(ctx, request, preflight(), false);
            } else if (target.endsWith("/whep") && target.length() > "/whep".length() + 1) {
                whep(ctx, request, uri, target.substring(1, target.length() - "/whep".length()));
            } else if (target.endsWith("/whip") && target.length() > "/whip".length() + 1) {
                whip(ctx, request, uri, target.substring(1, target.length() - "/whip".length()));
            } else if (target.contains("/whep/") || target.contains("/whip/")) {
                int at = Math.max(target.lastIndexOf("/whep/"), target.lastIndexOf("/whip/"));
                sessionRequest(ctx, request, target.substring(1, at), target.substring(at + "/whep/".length()));
            } else if (request.method().equals(HttpMethod.GET) && target.length() > 1) {
                page(ctx, request, target);
            } else {
                respond(ctx, request, text(HttpResponseStatus.NOT_FOUND, "not found"), false);
            }
        } catch (RuntimeException e) {
            LOG.warn("WHEP request {} {} failed", request.method(), target, e);
            respond(ctx, request, text(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.toString()), true);
        }
    }

    /**
     * What a WHEP and a WHIP POST must pass before their offer is read: the method, the content
     * type and the client's right to {@code action} the path. The right may take a while to
     * learn (an HTTP backend, a failed login's delay): the request is kept, reading paused, and
     * {@code then} runs on this channel's loop once allowed; a refusal is answered here.
     */
    private void acceptOffer(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, String path,
                             AuthAction action, Runnable then) {
        if (!request.method().equals(HttpMethod.POST)) {
            respond(ctx, request, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST with an SDP offer"), false);
            return;
        }
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (!type.toLowerCase(Locale.ROOT).startsWith(SDP)) {
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "Content-Type must be application/sdp, not '" + type + "'");
            return;
        }
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        String query = request.uri().indexOf('?') < 0 ? "" : request.uri().substring(request.uri().indexOf('?') + 1);
        AuthRequest question = new AuthRequest("webrtc", action, path, peer.getAddress(), Credentials.ofHttp(request.headers().get(HttpHeaderNames.AUTHORIZATION), uri.parameters()),
                query, "");
        request.retain();
        ctx.channel().config().setAutoRead(false);
        server.authManager().authenticateAsync(question).whenComplete((answer, error) -> ctx.executor().execute(() -> {
            ctx.channel().config().setAutoRead(true);
            try {
                if (!ctx.channel().isActive()) {
                    return;
                }
                AuthResult auth = answer != null ? answer : AuthResult.deny("authentication failed");
                if (auth.allowed()) {
                    then.run();
                    return;
                }
                FullHttpResponse r = text(HttpResponseStatus.UNAUTHORIZED, "authentication failed");
                r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
                LOG.info("WebRTC {} of {} from {} refused: {}", action.key(), path, peer, auth.reason());
                respond(ctx, request, r, false);
            } finally {
                request.release();
            }
        }));
    }

    private void whep(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, String path) {
        acceptOffer(ctx, request, uri, path, AuthAction.READ, () -> whepOffer(ctx, request, path));
    }

    private void whepOffer(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        MediaDescription description;
        AnswerPlan plan;
        try {
            description = server.pathManager().describe(path);
            plan = AnswerPlan.plan(OfferSdp.parse(request.content().toString(StandardCharsets.UTF_8)), description);
        } catch (PathException e) {
            refuse(ctx, request, e.reason() == PathException.Reason.INVALID_NAME
                    ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.NOT_FOUND, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        openSession(ctx, request, path + "/whep",
                (id, services) -> server.newSession(id, path, description, plan, services));
    }

    private void whip(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, String path) {
        acceptOffer(ctx, request, uri, path, AuthAction.PUBLISH, () -> whipOffer(ctx, request, path));
    }

    private void whipOffer(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        IngestPlan plan;
        try {
            if (!server.pathManager().findPathConf(path).overridePublisher() && isPublished(path)) {
                refuse(ctx, request, HttpResponseStatus.CONFLICT, "'" + path + "' is published already");
                return;
            }
            plan = IngestPlan.plan(OfferSdp.parse(request.content().toString(StandardCharsets.UTF_8)));
        } catch (PathException e) {
            refuse(ctx, request, e.reason() == PathException.Reason.INVALID_NAME
                    ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.NOT_FOUND, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        openSession(ctx, request, path + "/whip", (id, services) -> server.newWhipSession(id, path, plan, services));
    }

    /** Makes a session of a checked offer; {@link #openSession} gives it an id and the services of now. */
    private interface SessionOpener {
        WebRtcSession open(String id, SessionServices services) throws IOException;
    }

    /** Opens a session and answers 201 with its SDP answer, or the refusal. */
    private void openSession(ChannelHandlerContext ctx, FullHttpRequest request, String resource, SessionOpener opener) {
        WebRtcSession session;
        String answer;
        try {
            session = opener.open(UUID.randomUUID().toString(), server.servicesForNewSession());
            answer = session.answer();
        } catch (ServiceMissingException e) {
            refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage()); // a malformed fingerprint, say
            return;
        } catch (IOException e) {
            refuse(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot open an ICE transport: " + e.getMessage());
            return;
        }
        LOG.debug("WebRTC session {} created for {} from {}", session.id(), resource, ctx.channel().remoteAddress());
        respond(ctx, request, created(resource, session.id(), answer), false);
    }

    private boolean isPublished(String path) {
        try {
            server.pathManager().describe(path);
            return true;
        } catch (PathException e) {
            return false;
        }
    }

    /** 201 with the answer and the headers WHEP and WHIP clients read. */
    private FullHttpResponse created(String resource, String id, String answer) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED,
                Unpooled.copiedBuffer(answer, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, SDP)
                .set(HttpHeaderNames.LOCATION, "/" + resource + "/" + id)
                .set(HttpHeaderNames.ETAG, "\"" + id + "\"")
                .set("ID", id)
                .set("Accept-Patch", SDP_FRAGMENT);
        r.headers().add("Link", server.iceServerLinks());
        return r;
    }

    private void sessionRequest(ChannelHandlerContext ctx, FullHttpRequest request, String path, String id) {
        WebRtcSession session = server.session(id);
        if (session == null || !session.path().equals(path)) {
            refuse(ctx, request, HttpResponseStatus.NOT_FOUND, "no WHEP session " + id + " on " + path);
            return;
        }
        if (request.method().equals(HttpMethod.DELETE)) {
            session.close("deleted by the client");
            respond(ctx, request, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK), false);
        } else if (request.method().equals(HttpMethod.PATCH)) {
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
            if (!type.toLowerCase(Locale.ROOT).startsWith(SDP_FRAGMENT)) {
                refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "Content-Type must be " + SDP_FRAGMENT);
                return;
            }
            try {
                for (String line : request.content().toString(StandardCharsets.UTF_8).split("\r?\n")) {
                    if (line.startsWith("a=candidate:")) {
                        session.addRemoteCandidate(Candidates.parse(line.substring(2)));
                    }
                }
            } catch (IllegalArgumentException e) {
                refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
                return;
            }
            respond(ctx, request, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT), false);
        } else {
            respond(ctx, request, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use PATCH or DELETE"), false);
        }
    }

    private void page(ChannelHandlerContext ctx, FullHttpRequest request, String target) {
        boolean publish = target.endsWith("/publish");
        boolean script = target.endsWith("/webrtc.js");
        if (!target.endsWith("/") && !publish && !script) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY);
            r.headers().set(HttpHeaderNames.LOCATION, target + "/");
            respond(ctx, request, r, false);
            return;
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(script ? pageScript : publish ? publishPage : playerPage));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, script ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
        respond(ctx, request, r, false);
    }

    private FullHttpResponse preflight() {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        r.headers().add("Link", server.iceServerLinks());
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "OPTIONS, GET, POST, PATCH, DELETE")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, If-Match");
        return r;
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String reason) {
        server.counters.badRequests.increment();
        LOG.info("WebRTC {} {} from {}: {} {}", request.method(), new QueryStringDecoder(request.uri()).path(), // no ?pass= or ?jwt= in logs
                ctx.channel().remoteAddress(),
                status.code(), reason);
        respond(ctx, request, text(status, reason), false);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body + "\n", StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return r;
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response, boolean close) {
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, server.allowOrigin())
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, ID, Accept-Patch, Link, Location")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("WHEP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("WHEP connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
