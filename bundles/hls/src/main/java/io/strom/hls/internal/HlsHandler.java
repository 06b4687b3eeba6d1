package io.strom.hls.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
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
import io.netty.util.AttributeKey;
import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import io.strom.api.path.PathException;
import io.strom.api.path.PathNames;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code GET /<path>/<file>}: the player page ({@code /<path>/}), the bundled hls.js,
 * and the muxer's playlists, init segment, segments and parts. Names are checked before
 * anything is looked up: a dot segment, a backslash or a name that is not a valid path is a
 * 400, and no request ever reaches the file system (the page and hls.js are class-path
 * resources read once). Shared by every connection.
 */
@ChannelHandler.Sharable
final class HlsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HlsHandler.class);
    /** What a file name after the path may be; compiled once, not per request as String.matches would. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final AttributeKey<Move> MOVE = AttributeKey.valueOf("strom.hls.move");

    private final HlsServer server;

    HlsHandler(HlsServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String origin = server.settings().allowOrigin();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = request.method().equals(HttpMethod.HEAD);
        HlsRequest plain = new HlsRequest(ctx.channel(), keepAlive, head, "", -1, -1, false, origin);
        if (!request.decoderResult().isSuccess()) {
            bad(plain, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            return;
        }
        if (request.method().equals(HttpMethod.OPTIONS)) {
            preflight(ctx, origin, keepAlive);
            return;
        }
        if (!head && !request.method().equals(HttpMethod.GET)) {
            bad(plain, HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String target = uri.path();
        if (target.indexOf('\\') >= 0 || target.indexOf('\0') >= 0 || target.contains("/./") || target.contains("/../")
                || target.endsWith("/..") || target.endsWith("/.") || target.contains("//")) {
            bad(plain, HttpResponseStatus.BAD_REQUEST, "URL path: dot segments, backslashes and empty segments are not allowed");
            return;
        }
        int slash = target.lastIndexOf('/');
        String path = slash > 0 ? target.substring(1, slash) : "";
        String file = target.substring(slash + 1);
        if (path.isEmpty()) {
            if (PathNames.isValid(file) && !file.contains(".")) {
                redirect(ctx, "/" + file + "/", keepAlive);
            } else {
                bad(plain, HttpResponseStatus.NOT_FOUND, "no such page; streams are at /<path>/index.m3u8");
            }
            return;
        }
        if (!PathNames.isValid(path)) {
            bad(plain, HttpResponseStatus.BAD_REQUEST, "path: '" + path + "' is not a valid path name");
            return;
        }
        if (!file.isEmpty() && !FILE_NAME.matcher(file).matches()) {
            bad(plain, HttpResponseStatus.NOT_FOUND, "no file '" + file + "'");
            return;
        }
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        Map<String, List<String>> q = uri.parameters();
        // Never blocks the event loop: a refused login is answered late on purpose (AuthManager).
        CompletableFuture<AuthResult> auth = server.authManager().authenticateAsync(new AuthRequest("hls", AuthAction.READ, path,
                peer.getAddress(), Credentials.ofHttp(request.headers().get(HttpHeaderNames.AUTHORIZATION), q))).toCompletableFuture();
        if (auth.isDone() && !auth.isCompletedExceptionally()) {
            authenticated(ctx, plain, auth.join(), path, file, q, peer);
        } else {
            auth.whenComplete((result, e) -> ctx.executor().execute(() -> authenticated(ctx, plain,
                    e == null ? result : AuthResult.deny("authentication failed: " + e), path, file, q, peer)));
        }
    }

    private void authenticated(ChannelHandlerContext ctx, HlsRequest plain, AuthResult auth, String path, String file,
            Map<String, List<String>> q, InetSocketAddress peer) {
        if (!auth.allowed()) {
            LOG.info("HLS read of '{}' from {} refused: {}", path, peer, auth.reason());
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED,
                    Unpooled.copiedBuffer("authentication failed\n", StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"strom\"")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (file.isEmpty()) {
            plain.reply(HttpResponseStatus.OK, "text/html; charset=utf-8", PlayerPage.page(), false);
            return;
        }
        if (file.equals(PlayerPage.SCRIPT)) {
            plain.reply(HttpResponseStatus.OK, "text/javascript; charset=utf-8", PlayerPage.script(), true);
            return;
        }
        HlsRequest r;
        try {
            r = new HlsRequest(ctx.channel(), plain.keepAlive(), plain.head(), file, number(q, "_HLS_msn"), number(q, "_HLS_part"),
                    q.containsKey("_HLS_skip") && List.of("YES", "v2").contains(q.get("_HLS_skip").get(0)), plain.allowOrigin());
        } catch (IllegalArgumentException e) {
            bad(plain, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        Muxer muxer;
        try {
            muxer = server.muxer(path, ctx.channel().eventLoop());
        } catch (PathException e) {
            bad(plain, e.reason() == PathException.Reason.INVALID_NAME ? HttpResponseStatus.BAD_REQUEST
                    : HttpResponseStatus.NOT_FOUND, e.getMessage());
            return;
        }
        serveOnMuxerLoop(ctx.channel(), muxer, r);
    }

    /**
     * Serves {@code r}, first moving a keep-alive connection onto its muxer's event loop (once).
     *
     * <p>Why: the muxer owns its segments on one loop, so a request on another loop costs two
     * wake-ups (the request handed to the muxer, the response handed back), each an eventfd write
     * and an epoll round trip on another core; a player asks every second or so for the same
     * path, so after the move its requests and responses stay on one thread. Reading pauses while
     * the channel is between loops; requests already decoded then wait in the {@link Move} and
     * are served, in order, once it is registered on the muxer's loop.
     */
    private static void serveOnMuxerLoop(Channel channel, Muxer muxer, HlsRequest r) {
        Move moving = channel.attr(MOVE).get();
        if (moving != null && moving.hold(() -> muxer.serve(r))) {
            return;
        }
        EventLoop target = muxer.loop();
        if (target == channel.eventLoop() || !r.keepAlive()) {
            muxer.serve(r);
            return;
        }
        Move move = new Move();
        move.hold(() -> muxer.serve(r));
        channel.attr(MOVE).set(move);
        channel.config().setAutoRead(false);
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess()) {
                channel.close();
                return;
            }
            target.register(channel).addListener(registered -> {
                if (!registered.isSuccess()) {
                    return; // Netty closed the channel
                }
                channel.attr(MOVE).set(null);
                channel.config().setAutoRead(true);
                move.finish().forEach(Runnable::run);
            });
        });
    }

    /** The requests that arrived while a connection moved to its muxer's loop. */
    private static final class Move {
        private final List<Runnable> held = new ArrayList<>();
        private boolean finished;

        /** Keeps {@code serve} for after the move; false when the move is over. */
        synchronized boolean hold(Runnable serve) {
            if (!finished) {
                held.add(serve);
            }
            return !finished;
        }

        synchronized List<Runnable> finish() {
            finished = true;
            return held;
        }
    }

    /** A non-negative integer query parameter, or -1 when absent. */
    private static long number(Map<String, List<String>> q, String name) {
        List<String> values = q.get(name);
        if (values == null) {
            return -1;
        }
        String v = values.get(0);
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a non-negative integer");
        }
        return Long.parseLong(v);
    }

    private static void bad(HlsRequest r, HttpResponseStatus status, String reason) {
        r.error(status, reason);
    }

    private static void redirect(ChannelHandlerContext ctx, String location, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY);
        r.headers().set(HttpHeaderNames.LOCATION, location).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        finish(ctx, r, keepAlive);
    }

    private static void preflight(ChannelHandlerContext ctx, String origin, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "OPTIONS, GET, HEAD")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Range")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        finish(ctx, r, keepAlive);
    }

    private static void finish(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        if (keepAlive) {
            ctx.writeAndFlush(r, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HLS connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
