package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import io.strom.api.media.MediaDescription;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolSession;
import io.strom.codec.Sdp;
import io.strom.codec.SdpDescription;
import io.strom.codec.SdpException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP connection: answers each request with the status RFC 2326 gives it and keeps at most
 * one {@link RtspSession}. Every failure is a response (400 malformed, 404 no such path or track,
 * 454 unknown session, 455 wrong state, 459 another path, 461 unsupported transport, 501 unknown
 * method); only a request the decoder could not frame closes the connection.
 */
final class RtspConn extends ChannelInboundHandlerAdapter {

    static final String PUBLIC = "OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, PAUSE, GET_PARAMETER, SET_PARAMETER, TEARDOWN";
    static final int SESSION_TIMEOUT_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(RtspConn.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TRACK_ID = Pattern.compile("^(.*)/trackID=(\\d+)$");

    private final PathManager pathManager;
    private final RtspServer server;
    private ChannelHandlerContext ctx;
    private RtspAuth auth;
    private Authorization authorization;
    private java.util.ArrayDeque<RtspRequest> waiting; // requests that came while the AuthManager was asked
    private RtpOutput publishOutput;
    private volatile long lastReadNanos = System.nanoTime();
    RtspSession session;

    final String id = newSessionId();
    final java.time.Instant created = java.time.Instant.now();
    final ByteCounter counter;

    RtspConn(PathManager pathManager, RtspServer server, ByteCounter counter) {
        this.pathManager = pathManager;
        this.server = server;
        this.counter = counter;
    }

    /** {@code rtsps} on the TLS listener, else {@code rtsp}. */
    String protocol() {
        return secure() ? "rtsps" : "rtsp";
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.auth = server.newAuth(newSessionId());
        server.opened(this);
        ctx.executor().schedule(this::checkTimeouts, 1, TimeUnit.SECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.end();
        }
        server.closed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (msg instanceof InterleavedFrame frame) {
            onFrame(frame);
        } else if (msg instanceof RtspRequest request) {
            if (waiting != null) {
                waiting.add(request); // answered in order, after the one being authorized
            } else {
                handle(request);
            }
        }
    }

    /** Routes an interleaved frame: a publisher's RTP or RTCP, a reader's RTCP; else counts and drops it. */
    private void onFrame(InterleavedFrame frame) {
        RtspSession s = session;
        if (s != null && s.publish != null && publishOutput instanceof InterleavedOutput interleaved) {
            int track = interleaved.trackOf(frame.channel());
            if (track >= 0) {
                ByteBuf content = frame.content(); // the frame's only reference moves on with it
                if (frame.channel() == interleaved.channelOf(track)) {
                    s.publish.onRtp(track, content);
                } else {
                    s.publish.onRtcp(track, content);
                }
                return;
            }
        } else if (s != null && s.read != null && s.protocol == TransportHeader.Protocol.TCP) {
            s.touchActivity(); // a reader's receiver report
            s.bytesReceived += frame.content().readableBytes();
            frame.release();
            return;
        }
        server.framesDropped.increment();
        frame.release();
    }

    /**
     * Closes the connection when its session went silent: a publisher that sent no RTP for
     * {@code readTimeout}, or anything without a request, RTCP or RTP for the session timeout.
     */
    private void checkTimeouts() {
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        RtspSession s = session;
        long last = s == null ? lastReadNanos : Math.max(lastReadNanos, s.lastActivityNanos);
        if (s != null && s.state == RtspSession.State.RECORDING && now - s.lastDataNanos > server.readTimeoutNanos()) {
            LOG.info("RTSP publisher {} on '{}' sent no data for {} ms: closing", s.id, s.path,
                    TimeUnit.NANOSECONDS.toMillis(server.readTimeoutNanos()));
            ctx.close();
        } else if (now - last > TimeUnit.SECONDS.toNanos(SESSION_TIMEOUT_SECONDS)) {
            LOG.info("RTSP connection {} timed out", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.executor().schedule(this::checkTimeouts, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("RTSP connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private void handle(RtspRequest req) {
        if (req.invalid() != null) {
            LOG.info("RTSP connection {}: {}", ctx.channel().remoteAddress(), req.invalid());
            ctx.writeAndFlush(new RtspResponse(400).encode(ctx.alloc(), null)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        RtspResponse response;
        if (req.cseq() == null) {
            response = new RtspResponse(400);
        } else {
            try {
                response = dispatch(req);
            } catch (PathException e) {
                response = new RtspResponse(statusOf(e));
                LOG.info("RTSP {} {}: {}", req.method(), stripQuery(req.uri()), e.getMessage());
            } catch (NeedsAuthorization e) {
                askAuthManager(req, e);
                return;
            } catch (Unauthorized e) {
                response = auth.challenge(); // a failed login comes late: the AuthManager slows down guessing
                if (e.failedLogin) {
                    LOG.warn("RTSP {} '{}' from {}: authentication failed: {}", req.method(), stripQuery(req.uri()),
                            remoteAddress().getAddress().getHostAddress(), e.getMessage());
                }
            } catch (Status e) {
                response = new RtspResponse(e.status);
                LOG.info("RTSP {} {}: {}", req.method(), stripQuery(req.uri()), e.getMessage());
            }
        }
        ctx.writeAndFlush(response.encode(ctx.alloc(), req.cseq()));
    }

    /**
     * Asks the AuthManager without blocking the event loop: reading pauses, and when the answer
     * comes the request is handled again on this loop with the answer at hand. Everything a
     * request does before {@link #authorize} only reads, so doing it twice is harmless.
     */
    private void askAuthManager(RtspRequest req, NeedsAuthorization need) {
        ctx.channel().config().setAutoRead(false);
        waiting = new java.util.ArrayDeque<>();
        auth.check(req, need.action, need.path, remoteAddress().getAddress()).whenComplete((result, error) ->
                ctx.executor().execute(() -> {
                    java.util.ArrayDeque<RtspRequest> next = waiting;
                    waiting = null;
                    ctx.channel().config().setAutoRead(true);
                    if (!ctx.channel().isActive()) {
                        return;
                    }
                    authorization = new Authorization(req, need.action, need.path,
                            result != null ? result : AuthResult.deny("authentication failed"));
                    handle(req);
                    while (waiting == null && !next.isEmpty()) {
                        handle(next.poll());
                    }
                    if (waiting != null) {
                        waiting.addAll(next); // another request is being authorized: these wait for it
                    }
                }));
    }

    private RtspResponse dispatch(RtspRequest req) throws PathException, Status {
        String sessionHeader = req.header("Session");
        if (sessionHeader != null && !req.method().equals("OPTIONS")) {
            String id = sessionHeader.split(";")[0].trim();
            if (session == null || !session.id.equals(id)) {
                throw new Status(454, "unknown session " + id);
            }
        }
        return switch (req.method()) {
            case "OPTIONS" -> new RtspResponse(200).header("Public", PUBLIC);
            case "DESCRIBE" -> describe(req);
            case "ANNOUNCE" -> announce(req);
            case "SETUP" -> setup(req);
            case "PLAY" -> play();
            case "RECORD" -> record();
            case "PAUSE" -> pause();
            case "TEARDOWN" -> teardown();
            case "GET_PARAMETER", "SET_PARAMETER" -> withSession(new RtspResponse(200));
            default -> new RtspResponse(501);
        };
    }

    private RtspResponse describe(RtspRequest req) throws PathException, Status {
        String path = pathOf(req.uri());
        pathManager.findPathConf(path);
        authorize(req, path, AuthAction.READ);
        MediaDescription description = pathManager.describe(path);
        String base = req.uri().endsWith("/") ? req.uri() : req.uri() + "/";
        return new RtspResponse(200).header("Content-Base", base).body("application/sdp", Sdp.write(description, path));
    }

    private RtspResponse announce(RtspRequest req) throws PathException, Status {
        if (session != null) {
            throw new Status(455, "a session exists on this connection");
        }
        String path = pathOf(req.uri());
        pathManager.findPathConf(path);
        authorize(req, path, AuthAction.PUBLISH);
        SdpDescription sdp;
        try {
            sdp = Sdp.parse(req.body());
        } catch (SdpException e) {
            throw new Status(400, "invalid SDP: " + e.getMessage());
        }
        session = new RtspSession(newSessionId(), ctx.channel());
        session.path = path;
        session.query = queryOf(req.uri());
        session.state = RtspSession.State.ANNOUNCED;
        session.publish = new RtspSessionPublish(session, sdp);
        return withSession(new RtspResponse(200));
    }

    private RtspResponse setup(RtspRequest req) throws PathException, Status {
        TransportHeader transport;
        try {
            transport = TransportHeader.parse(req.header("Transport"), server.transports());
        } catch (IllegalArgumentException e) {
            throw new Status(400, e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new Status(461, e.getMessage());
        }
        if (session != null && (session.state == RtspSession.State.RECORDING || session.state == RtspSession.State.PLAYING)) {
            throw new Status(455, "SETUP while streaming");
        }
        if (session != null && session.protocol != null && session.protocol != transport.protocol()) {
            throw new Status(461, "every track of a session uses the same transport");
        }
        if (session != null && session.state == RtspSession.State.ANNOUNCED) {
            return setupPublish(transport, announcedTrack(req.uri()));
        }
        Matcher m = TRACK_ID.matcher(stripQuery(req.uri()));
        String path = pathOf(m.matches() ? m.group(1) : req.uri());
        if (session != null && !session.path.equals(path)) {
            throw new Status(459, "a session reads one path");
        }
        authorize(req, path, AuthAction.READ);
        MediaDescription description = session != null ? session.readDescription() : pathManager.describe(path);
        int track = m.matches() ? Integer.parseInt(m.group(2)) : 0;
        if (track >= description.tracks().size() || (!m.matches() && description.tracks().size() > 1)) {
            throw new Status(404, "no track " + track + " in path '" + path + "'");
        }
        if (session == null) {
            session = new RtspSession(newSessionId(), ctx.channel());
            session.path = path;
            session.query = queryOf(req.uri());
            session.protocol = transport.protocol();
            session.state = RtspSession.State.READY;
            if (transport.protocol() == TransportHeader.Protocol.MULTICAST) {
                session.multicast = server.multicast().join(path, session);
            } else {
                session.read = new RtspSessionRead(session, path, description, newOutput(transport, path, description));
            }
        }
        if (session.multicast != null) {
            return withSession(new RtspResponse(200).header("Transport", session.multicast.transportHeader(track)));
        }
        RtspResponse reply = connect(session.read.output(), transport, track, null);
        session.read.setUp(track);
        return reply;
    }

    private RtspResponse setupPublish(TransportHeader transport, int track) throws Status {
        if (transport.protocol() == TransportHeader.Protocol.MULTICAST) {
            throw new Status(461, "publishing over multicast is not supported");
        }
        RtspSessionPublish publish = session.publish;
        if (session.protocol == null) {
            session.protocol = transport.protocol();
            publishOutput = newOutput(transport, session.path, publish.announced.description());
        }
        RtspResponse reply = connect(publishOutput, transport, track, publish);
        publish.setUp(track, publishOutput);
        return reply;
    }

    private RtpOutput newOutput(TransportHeader transport, String path, MediaDescription description) throws Status {
        int tracks = description.tracks().size();
        return switch (transport.protocol()) {
            case TCP -> new InterleavedOutput(ctx.channel(), tracks);
            case UDP -> new UdpOutput(server.udp(), tracks);
            case MULTICAST -> throw new Status(461, "multicast is for readers");
        };
    }

    /**
     * Ties {@code track} to the client's interleaved channels or UDP ports and answers with the
     * Transport the server uses. For a publisher, its packets are routed to {@code publish}.
     */
    private RtspResponse connect(RtpOutput output, TransportHeader transport, int track, RtspSessionPublish publish)
            throws Status {
        if (output instanceof InterleavedOutput interleaved) {
            int ch = transport.firstChannel() >= 0 ? transport.firstChannel() : 2 * track;
            int owner = interleaved.trackOf(ch) >= 0 ? interleaved.trackOf(ch) : interleaved.trackOf(ch + 1);
            if (owner >= 0 && owner != track) {
                throw new Status(400, "interleaved channel " + ch + " is taken by another track");
            }
            interleaved.setChannel(track, ch);
            return withSession(new RtspResponse(200)
                    .header("Transport", "RTP/AVP/TCP;unicast;interleaved=" + ch + "-" + (ch + 1)));
        }
        UdpOutput udpOut = (UdpOutput) output;
        RtspUdpListener udp = server.udp();
        InetSocketAddress client = remoteAddress();
        InetSocketAddress rtp = new InetSocketAddress(client.getAddress(), transport.clientRtpPort());
        InetSocketAddress rtcp = new InetSocketAddress(client.getAddress(), transport.clientRtcpPort());
        udpOut.setPorts(track, rtp, rtcp);
        RtspSession s = session;
        UdpReceiver rtcpIn = publish != null ? packet -> publish.onRtcp(track, packet) : packet -> {
            s.touchActivity(); // a reader's receiver reports keep its session alive
            s.bytesReceived += packet.readableBytes();
            packet.release();
        };
        udp.registerRtcp(rtcp, rtcpIn);
        s.onEnd(() -> udp.unregister(rtcp, rtcpIn));
        if (publish != null) {
            UdpReceiver rtpIn = packet -> publish.onRtp(track, packet);
            udp.registerRtp(rtp, rtpIn);
            s.onEnd(() -> udp.unregister(rtp, rtpIn));
        }
        return withSession(new RtspResponse(200).header("Transport", "RTP/AVP;unicast;client_port="
                + transport.clientRtpPort() + "-" + transport.clientRtcpPort()
                + ";server_port=" + udp.rtpPort() + "-" + udp.rtcpPort()));
    }

    private int announcedTrack(String uri) throws Status {
        String stripped = stripQuery(uri);
        var controls = session.publish.announced.controls();
        for (int i = 0; i < controls.size(); i++) {
            String c = controls.get(i);
            if (!c.isEmpty() && (stripped.equals(c) || stripped.endsWith("/" + c))) {
                return i;
            }
        }
        // One track and a SETUP of the path itself (or a track without control): that track.
        if (controls.size() == 1 && (controls.get(0).isEmpty() || pathOf(stripped).equals(session.path))) {
            return 0;
        }
        throw new Status(404, "no announced track has control " + stripped);
    }

    private RtspResponse play() throws PathException, Status {
        if (session == null || session.state != RtspSession.State.READY || (session.read == null && session.multicast == null)) {
            throw new Status(455, "PLAY before SETUP");
        }
        if (session.read != null) {
            session.read.play(pathManager.addReader(new AddReaderRequest(session.path, session.read)));
        }
        session.state = RtspSession.State.PLAYING;
        return withSession(new RtspResponse(200).header("Range", "npt=0.000-"));
    }

    private RtspResponse record() throws PathException, Status {
        if (session == null || session.publish == null || session.state != RtspSession.State.ANNOUNCED
                || !session.publish.anySetUp()) {
            throw new Status(455, "RECORD before ANNOUNCE and SETUP");
        }
        RtspSessionPublish publish = session.publish;
        publish.record(pathManager.addPublisher(
                new AddPublisherRequest(session.path, publish, publish.announced.description())));
        session.touchData();
        session.state = RtspSession.State.RECORDING;
        return withSession(new RtspResponse(200));
    }

    private RtspResponse pause() throws Status {
        if (session == null || (session.read == null && session.multicast == null)) {
            throw new Status(455, "PAUSE is for readers that have set up");
        }
        if (session.read != null) {
            session.read.stop(); // a multicast group goes on for its other members
        }
        session.state = RtspSession.State.READY;
        return withSession(new RtspResponse(200));
    }

    private RtspResponse teardown() {
        RtspResponse r = withSession(new RtspResponse(200));
        if (session != null) {
            session.end();
            session = null;
        }
        return r;
    }

    private RtspResponse withSession(RtspResponse r) {
        if (session != null) {
            r.header("Session", session.id + ";timeout=" + SESSION_TIMEOUT_SECONDS);
        }
        return r;
    }

    /** The path a URL names: its path part without slashes at either end. */
    static String pathOf(String uri) throws Status {
        try {
            String p = new URI(stripQuery(uri)).getPath();
            if (p == null) {
                throw new Status(400, "no path in " + stripQuery(uri));
            }
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return p;
        } catch (URISyntaxException e) {
            throw new Status(400, "bad URL " + stripQuery(uri));
        }
    }

    /**
     * {@code uri} without its query. Clients append a track's control to the Content-Base as
     * text, so with a query ({@code ?jwt=...}) a SETUP names {@code path?query/trackID=1}: the
     * control after the query's last slash is kept ({@code path/trackID=1}).
     */
    static String stripQuery(String uri) {
        int q = uri.indexOf('?');
        String s = uri;
        if (q >= 0) {
            int slash = uri.lastIndexOf('/');
            s = uri.substring(0, q) + (slash > q ? "/" + uri.substring(slash + 1) : "");
        }
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The query of {@code uri} without {@code ?} and without a control appended after it (see {@link #stripQuery}). */
    static String queryOf(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return "";
        }
        int slash = uri.lastIndexOf('/');
        return slash > q ? uri.substring(q + 1, slash) : uri.substring(q + 1);
    }

    private static int statusOf(PathException e) {
        return switch (e.reason()) {
            case INVALID_NAME, BAD_REQUEST, PUBLISHER_EXISTS -> 400;
            case NOT_CONFIGURED, NO_PUBLISHER -> 404;
            case MAX_READERS, UNAVAILABLE -> 503;
        };
    }

    private static String newSessionId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }

    /** Whether the connection came in on the RTSPS (TLS) listener; false before it is active. */
    boolean secure() {
        ChannelHandlerContext c = ctx;
        return c != null && c.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
    }

    /** The connection's id for metrics (Netty's channel id), or null before it is active. */
    String connId() {
        ChannelHandlerContext c = ctx;
        return c == null ? null : c.channel().id().asShortText();
    }

    /** A snapshot of the connection's session, or null when it has none. */
    ProtocolSession describe() {
        RtspSession s = session;
        if (s == null) {
            return null;
        }
        return new ProtocolSession(s.id, s.created, remoteAddress(), s.stateName(), s.path == null ? "" : s.path,
                s.bytesReceived, s.bytesSent, protocol(), ProtocolSession.withoutCredentials(s.query),
                s.protocol == null ? null : s.protocol.apiName);
    }

    void close() {
        ctx.close();
    }

    private void authorize(RtspRequest req, String path, AuthAction action) throws Status {
        Authorization answer = authorization;
        authorization = null;
        if (answer == null || answer.request != req || answer.action != action || !answer.path.equals(path)) {
            throw new NeedsAuthorization(action, path);
        }
        AuthResult result = answer.result;
        if (!result.allowed()) {
            throw new Unauthorized(result.reason(), !(auth.credentials(req) instanceof Credentials.None));
        }
    }

    /** The AuthManager's answer for one request, action and path. */
    private record Authorization(RtspRequest request, AuthAction action, String path, AuthResult result) {
    }

    /** A request that cannot go on before the AuthManager has answered. */
    static final class NeedsAuthorization extends Status {
        private static final long serialVersionUID = 1L;
        final transient AuthAction action;
        final String path;

        NeedsAuthorization(AuthAction action, String path) {
            super(401, "not yet authorized");
            this.action = action;
            this.path = path;
        }
    }

    /** A request refused by authentication: 401 with a challenge. */
    static final class Unauthorized extends Status {
        private static final long serialVersionUID = 1L;
        final boolean failedLogin;

        Unauthorized(String message, boolean failedLogin) {
            super(401, message);
            this.failedLogin = failedLogin;
        }
    }

    /** A request that fails with a status code. */
    static class Status extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Status(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
