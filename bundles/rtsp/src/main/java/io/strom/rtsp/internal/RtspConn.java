package io.strom.rtsp.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.strom.api.media.MediaDescription;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import io.strom.codec.Sdp;
import io.strom.codec.SdpDescription;
import io.strom.codec.SdpException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.HexFormat;
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
    private static final Pattern INTERLEAVED = Pattern.compile("interleaved=(\\d+)(?:-(\\d+))?");
    private static final Pattern TRACK_ID = Pattern.compile("^(.*)/trackID=(\\d+)$");

    private final PathManager pathManager;
    private final RtspServer server;
    private ChannelHandlerContext ctx;
    RtspSession session;

    RtspConn(PathManager pathManager, RtspServer server) {
        this.pathManager = pathManager;
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.opened(this);
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
        if (msg instanceof InterleavedFrame frame) {
            if (session == null) {
                server.framesDropped.increment();
                frame.release();
            } else {
                session.onFrame(frame);
            }
        } else if (msg instanceof RtspRequest request) {
            handle(request);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.info("RTSP connection {} timed out", ctx.channel().remoteAddress());
            ctx.close();
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
                LOG.info("RTSP {} {}: {}", req.method(), req.uri(), e.getMessage());
            } catch (Status e) {
                response = new RtspResponse(e.status);
                LOG.info("RTSP {} {}: {}", req.method(), req.uri(), e.getMessage());
            }
        }
        ctx.writeAndFlush(response.encode(ctx.alloc(), req.cseq()));
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
        SdpDescription sdp;
        try {
            sdp = Sdp.parse(req.body());
        } catch (SdpException e) {
            throw new Status(400, "invalid SDP: " + e.getMessage());
        }
        session = new RtspSession(newSessionId(), ctx.channel());
        session.announce(path, sdp);
        return withSession(new RtspResponse(200));
    }

    private RtspResponse setup(RtspRequest req) throws PathException, Status {
        String transport = req.header("Transport");
        if (transport == null || !transport.contains("RTP/AVP/TCP")) {
            throw new Status(461, "only RTP/AVP/TCP (interleaved) is supported, got " + transport);
        }
        if (session != null && (session.state == RtspSession.State.RECORDING || session.state == RtspSession.State.PLAYING)) {
            throw new Status(455, "SETUP while streaming");
        }
        int track;
        int rtpChannel;
        if (session != null && session.state == RtspSession.State.ANNOUNCED) {
            track = announcedTrack(req.uri());
        } else {
            Matcher m = TRACK_ID.matcher(stripQuery(req.uri()));
            String path = pathOf(m.matches() ? m.group(1) : req.uri());
            if (session != null && !session.path.equals(path)) {
                throw new Status(459, "a session reads one path");
            }
            MediaDescription description = session != null ? session.readDescription : pathManager.describe(path);
            track = m.matches() ? Integer.parseInt(m.group(2)) : 0;
            if (track >= description.tracks().size() || (!m.matches() && description.tracks().size() > 1)) {
                throw new Status(404, "no track " + track + " in path '" + path + "'");
            }
            if (session == null) {
                session = new RtspSession(newSessionId(), ctx.channel());
            }
            rtpChannel = channelFor(transport, track);
            session.setupRead(path, description, track, rtpChannel);
            return reply(rtpChannel);
        }
        rtpChannel = channelFor(transport, track);
        session.setupPublish(track, rtpChannel);
        return reply(rtpChannel);
    }

    private RtspResponse reply(int rtpChannel) {
        return withSession(new RtspResponse(200)
                .header("Transport", "RTP/AVP/TCP;unicast;interleaved=" + rtpChannel + "-" + (rtpChannel + 1)));
    }

    private int announcedTrack(String uri) throws Status {
        String stripped = stripQuery(uri);
        var controls = session.announced.controls();
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
        throw new Status(404, "no announced track has control " + uri);
    }

    private static int channelFor(String transport, int track) throws Status {
        Matcher m = INTERLEAVED.matcher(transport);
        int channel = m.find() ? Integer.parseInt(m.group(1)) : 2 * track;
        if (channel > 254 || (channel & 1) == 1) {
            throw new Status(400, "interleaved channel " + channel + " must be even and below 255");
        }
        return channel;
    }

    private RtspResponse play() throws PathException, Status {
        if (session == null || session.state != RtspSession.State.READY) {
            throw new Status(455, "PLAY before SETUP");
        }
        session.play(pathManager.addReader(new AddReaderRequest(session.path, session)));
        return withSession(new RtspResponse(200).header("Range", "npt=0.000-"));
    }

    private RtspResponse record() throws PathException, Status {
        if (session == null || session.state != RtspSession.State.ANNOUNCED || !session.anyPublishTrackSetUp()) {
            throw new Status(455, "RECORD before ANNOUNCE and SETUP");
        }
        session.record(pathManager.addPublisher(
                new AddPublisherRequest(session.path, session, session.announced.description())));
        return withSession(new RtspResponse(200));
    }

    private RtspResponse pause() throws Status {
        if (session == null || session.state != RtspSession.State.PLAYING && session.state != RtspSession.State.READY) {
            throw new Status(455, "PAUSE is for readers that have set up");
        }
        session.pause();
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
                throw new Status(400, "no path in " + uri);
            }
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return p;
        } catch (URISyntaxException e) {
            throw new Status(400, "bad URL " + uri);
        }
    }

    private static String stripQuery(String uri) {
        int q = uri.indexOf('?');
        String s = q < 0 ? uri : uri.substring(0, q);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
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

    void close() {
        ctx.close();
    }

    /** A request that fails with a status code. */
    static final class Status extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Status(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
