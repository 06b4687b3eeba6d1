package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.strom.api.auth.AuthAction;
import io.strom.api.auth.AuthManager;
import io.strom.api.auth.AuthRequest;
import io.strom.api.auth.AuthResult;
import io.strom.api.auth.Credentials;
import io.strom.api.media.Track;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import io.strom.api.path.PathNames;
import io.strom.api.protocol.ProtocolSession;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP connection after the handshake: control messages, the AMF0 commands of a publisher
 * (connect, releaseStream, FCPublish, createStream, publish, FCUnpublish, deleteStream) and of a
 * player (connect, createStream, getStreamLength, play, deleteStream), and the media of the one
 * stream it publishes ({@link RtmpPublisher}) or plays ({@link RtmpReader}).
 *
 * <p>The stream key is the path: {@code rtmp://host/live/test} publishes or plays {@code live/test};
 * {@code ?user=..&pass=..} (or {@code ?jwt=..}) after it go to the AuthManager. Refusals are
 * {@code onStatus} errors, after which the connection closes. A protocol error (bad chunk,
 * absurd size, unreadable AMF, malformed FLV) is counted, logged and closes this connection only.
 * A publisher that sends no media for {@value #READ_TIMEOUT_SECONDS} s, and any connection idle
 * for {@value #IDLE_TIMEOUT_SECONDS} s, is closed.
 */
final class RtmpConn extends ChannelInboundHandlerAdapter {

    static final int READ_TIMEOUT_SECONDS = 10;
    static final int IDLE_TIMEOUT_SECONDS = 60;
    static final int STREAM_ID = 1;
    private static final int COMMAND_CSID = 3;
    private static final int OUT_CHUNK_SIZE = 65536;
    private static final long WINDOW = 2_500_000;
    private static final Logger LOG = LoggerFactory.getLogger(RtmpConn.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RtmpServer server;
    private final PathManager pathManager;
    private final AuthManager authManager;
    private final RtmpChunkDecoder decoder;
    private final boolean secure;
    private final String id;
    private final Instant created = Instant.now();
    /** The stream key's query, for the control API (shown without its credentials). */
    private volatile String query = "";
    private ChannelHandlerContext ctx;
    private String app = "";
    private long peerWindow = WINDOW;
    private long acknowledged;
    private RtmpPublisher publisher;
    private RtmpReader reader;
    private boolean authorizing;
    // The path this connection publishes or plays, read by other connections' threads (RtmpServer#loopToJoin).
    private volatile String publishing;
    private volatile String playing;
    private volatile long lastReadNanos = System.nanoTime();
    private long lastMediaNanos = System.nanoTime();
    private long bytesReceived;
    private long bytesSent;

    RtmpConn(RtmpServer server, PathManager pathManager, AuthManager authManager, RtmpChunkDecoder decoder,
             RtmpChunkEncoder encoder, boolean secure) {
        this.server = server;
        this.pathManager = pathManager;
        this.authManager = authManager;
        this.decoder = decoder;
        this.secure = secure;
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        this.id = HexFormat.of().formatHex(b);
    }

    String id() {
        return id;
    }

    String type() {
        return secure ? "rtmpsConn" : "rtmpConn";
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.opened(this);
        ctx.executor().schedule(this::checkTimeouts, 1, TimeUnit.SECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end();
        server.closed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        server.protocolErrors.increment();
        LOG.info("RTMP connection {} from {} closed: {}", id, ctx.channel().remoteAddress(), cause.getMessage());
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (!(msg instanceof RtmpMessage m)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        try {
            bytesReceived += m.payload().readableBytes();
            onMessage(m);
            acknowledge();
        } catch (PathException e) {
            // The path refused: no configuration, a publisher already there, no publisher to play.
            boolean publishing = publisher != null;
            end();
            refuse(publishing ? "NetStream.Publish.BadName" : "NetStream.Play.StreamNotFound", e.getMessage());
        } catch (FlvException | Amf0Exception e) {
            exceptionCaught(ctx, e);
        } finally {
            m.release();
        }
    }

    private void onMessage(RtmpMessage m) throws FlvException, PathException {
        switch (m.typeId()) {
            case RtmpMessageTypes.COMMAND_AMF0 -> onCommand(RtmpCommand.decode(m.payload()));
            case RtmpMessageTypes.DATA_AMF0 -> {
                RtmpData data = RtmpData.decode(m.payload());
                if (publisher != null) {
                    publisher.onMetaData(data.metaData());
                }
            }
            case RtmpMessageTypes.VIDEO -> {
                if (publisher != null) {
                    lastMediaNanos = System.nanoTime();
                    publisher.onVideo(m.payload(), m.timestamp());
                }
            }
            case RtmpMessageTypes.AUDIO -> {
                if (publisher != null) {
                    lastMediaNanos = System.nanoTime();
                    publisher.onAudio(m.payload(), m.timestamp());
                }
            }
            case RtmpMessageTypes.WINDOW_ACK_SIZE -> peerWindow = Math.max(1, m.payload().getUnsignedInt(m.payload().readerIndex()));
            case RtmpMessageTypes.USER_CONTROL -> {
                ByteBuf p = m.payload();
                if (p.readableBytes() >= 6 && p.getUnsignedShort(p.readerIndex()) == 6) { // ping request
                    send(ProtocolControl.pingResponse(ctx.alloc(), p.getUnsignedInt(p.readerIndex() + 2)));
                    ctx.flush();
                }
            }
            default -> {
                // Acknowledgements, bandwidth and AMF3 messages need no answer from a server.
            }
        }
    }

    /** Sends an Acknowledgement each time the peer's window of bytes has been received. */
    private void acknowledge() {
        long received = decoder.bytesReceived();
        if (received - acknowledged >= peerWindow) {
            acknowledged = received;
            send(ProtocolControl.acknowledgement(ctx.alloc(), received));
            ctx.flush();
        }
    }

    private void onCommand(RtmpCommand c) throws FlvException, PathException {
        switch (c.name()) {
            case "connect" -> connect(c);
            case "createStream" -> reply(RtmpCommand.createStreamResult(c.transactionId(), STREAM_ID));
            case "publish" -> publish(c);
            case "play" -> play(c);
            case "deleteStream", "closeStream", "FCUnpublish" -> end();
            default -> LOG.debug("RTMP connection {}: command {} ignored", id, c.name());
        }
    }

    private void connect(RtmpCommand c) {
        Object a = c.commandObject() == null ? null : c.commandObject().get("app");
        app = a == null ? "" : a.toString();
        send(ProtocolControl.windowAckSize(ctx.alloc(), WINDOW));
        send(ProtocolControl.setPeerBandwidth(ctx.alloc(), WINDOW));
        send(ProtocolControl.setChunkSize(ctx.alloc(), OUT_CHUNK_SIZE));
        reply(RtmpCommand.connectResult(c.transactionId()));
    }

    private void publish(RtmpCommand c) throws PathException {
        if (publisher != null || reader != null || authorizing) {
            refuse("NetStream.Publish.BadName", "this connection already publishes or plays");
            return;
        }
        StreamKey key = StreamKey.of(app, c.argument(0));
        if (key == null) {
            refuse("NetStream.Publish.BadName", "invalid stream name");
            return;
        }
        authorize(AuthAction.PUBLISH, key, () -> startPublishing(key));
    }

    private void startPublishing(StreamKey key) throws PathException {
        pathManager.findPathConf(key.path());
        query = key.query();
        publisher = new RtmpPublisher(this, key.path(), pathManager, ctx.alloc());
        publishing = key.path();
        lastMediaNanos = System.nanoTime();
        send(ProtocolControl.streamBegin(ctx.alloc(), STREAM_ID));
        reply(RtmpCommand.onStatus("status", "NetStream.Publish.Start", key.path() + " is now published."));
    }

    /** The publisher joined its path. */
    void published(RtmpPublisher p, List<Track> tracks) {
        LOG.info("RTMP connection {} publishes '{}' with {}", id, p.path, tracks.stream().map(t -> t.format().codec()).toList());
    }

    private void play(RtmpCommand c) throws FlvException {
        if (publisher != null || reader != null || authorizing) {
            refuse("NetStream.Play.Failed", "this connection already publishes or plays");
            return;
        }
        StreamKey key = StreamKey.of(app, c.argument(0));
        if (key == null) {
            refuse("NetStream.Play.StreamNotFound", "invalid stream name");
            return;
        }
        authorize(AuthAction.READ, key, () -> joinPublisherLoop(key));
    }

    /**
     * Moves this connection onto the event loop of the RTMP connection publishing the path (when
     * there is one and it has room, see {@link RtmpServer#loopToJoin}), then starts playing.
     *
     * <p>Why: a reader on another loop costs that loop a wake-up (an eventfd write, an epoll
     * round trip, a thread switch) for every unit; on the publisher's loop the unit is written to
     * the reader's socket in the same pass that read it, as nginx-rtmp does. Reading stays paused
     * (the authorization paused it) until the channel is registered on the new loop; Netty runs
     * the deregistration after the tasks already queued for this channel on the old loop.
     */
    private void joinPublisherLoop(StreamKey key) throws FlvException {
        Channel channel = ctx.channel();
        EventLoop target = server.loopToJoin(key.path(), channel.eventLoop());
        if (target == null) {
            startPlaying(key);
            return;
        }
        authorizing = true; // nothing else may start while the channel is between loops
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
                authorizing = false;
                channel.config().setAutoRead(true);
                try {
                    if (channel.isActive()) {
                        startPlaying(key);
                    }
                } catch (FlvException e) {
                    exceptionCaught(ctx, e);
                }
            });
        });
    }

    /** The loop this connection runs on now. */
    EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    /** The path this connection publishes to, or null. */
    String publishing() {
        return publishing;
    }

    /** The path this connection plays, or null. */
    String playing() {
        return playing;
    }

    private void startPlaying(StreamKey key) throws FlvException {
        query = key.query();
        RtmpReader r = new RtmpReader(this, ctx.channel(), key.path(), STREAM_ID);
        io.strom.api.path.ReaderHandle handle;
        try {
            handle = pathManager.addReader(new AddReaderRequest(key.path(), r));
        } catch (PathException e) {
            refuse("NetStream.Play.StreamNotFound", e.getMessage());
            return;
        }
        reader = r;
        playing = key.path();
        send(ProtocolControl.streamBegin(ctx.alloc(), STREAM_ID));
        reply(RtmpCommand.onStatus("status", "NetStream.Play.Reset", "Playing and resetting " + key.path() + "."));
        reply(RtmpCommand.onStatus("status", "NetStream.Play.Start", "Started playing " + key.path() + "."));
        r.start(handle);
        if (r.carriesNothing()) {
            LOG.info("RTMP reader {} of '{}': no track RTMP can carry", id, key.path());
        }
    }

    /** What a publish or play does once the AuthManager allowed it. */
    private interface Allowed {
        void run() throws PathException, FlvException;
    }

    /**
     * Asks the AuthManager without blocking the event loop; reading pauses until the answer,
     * which continues on this connection's loop: {@code then} when allowed, else a refusal.
     */
    private void authorize(AuthAction action, StreamKey key, Allowed then) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        Credentials credentials = key.jwt() != null ? new Credentials.Token(key.jwt())
                : key.user() == null ? Credentials.NONE : new Credentials.Password(key.user(), key.pass());
        AuthRequest request = new AuthRequest("rtmp", action, key.path(), remote.getAddress(), credentials, key.query(), id);
        authorizing = true;
        ctx.channel().config().setAutoRead(false);
        authManager.authenticateAsync(request).whenComplete((result, error) -> ctx.executor().execute(() -> {
            authorizing = false;
            ctx.channel().config().setAutoRead(true);
            if (!ctx.channel().isActive()) {
                return;
            }
            if (result == null || !result.allowed()) {
                LOG.warn("RTMP connection {} from {}: {} '{}' refused: {}", id, remote.getAddress().getHostAddress(),
                        action.key(), key.path(), result == null ? "authentication failed" : result.reason());
                refuse(action == AuthAction.PUBLISH ? "NetStream.Publish.Unauthorized" : "NetStream.Play.Unauthorized",
                        "authentication failed");
                return;
            }
            try {
                then.run();
            } catch (PathException e) {
                end();
                refuse(action == AuthAction.PUBLISH ? "NetStream.Publish.BadName" : "NetStream.Play.StreamNotFound",
                        e.getMessage());
            } catch (FlvException e) {
                exceptionCaught(ctx, e);
            }
        }));
    }

    /** An onStatus error, then the connection closes (after a second, which slows down guessing). */
    private void refuse(String code, String description) {
        LOG.info("RTMP connection {}: {} ({})", id, code, description);
        RtmpCommand status = RtmpCommand.onStatus("error", code, description);
        ctx.writeAndFlush(new RtmpMessage(COMMAND_CSID, RtmpMessageTypes.COMMAND_AMF0, STREAM_ID, 0, status.encode(ctx.alloc())));
        ctx.executor().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS);
    }

    private void reply(RtmpCommand command) {
        send(new RtmpMessage(COMMAND_CSID, RtmpMessageTypes.COMMAND_AMF0, command.name().equals("onStatus") ? STREAM_ID : 0, 0,
                command.encode(ctx.alloc())));
        ctx.flush();
    }

    /** Queues a message (takes ownership); callers flush. */
    void send(RtmpMessage message) {
        bytesSent += message.payload().readableBytes();
        ctx.write(message, ctx.voidPromise());
    }

    private void checkTimeouts() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(this::checkTimeouts); // scheduled before the channel moved loops
            return;
        }
        long now = System.nanoTime();
        if (publisher != null && now - lastMediaNanos > TimeUnit.SECONDS.toNanos(READ_TIMEOUT_SECONDS)) {
            close("publisher sent no media for " + READ_TIMEOUT_SECONDS + " s");
        } else if (reader == null && now - lastReadNanos > TimeUnit.SECONDS.toNanos(IDLE_TIMEOUT_SECONDS)) {
            close("idle for " + IDLE_TIMEOUT_SECONDS + " s");
        } else {
            ctx.executor().schedule(this::checkTimeouts, 1, TimeUnit.SECONDS);
        }
    }

    private void end() {
        publishing = null;
        playing = null;
        if (publisher != null) {
            publisher.end();
            publisher = null;
        }
        if (reader != null) {
            reader.stop();
            reader = null;
        }
    }

    void close(String reason) {
        if (ctx != null && ctx.channel().isActive()) {
            LOG.info("RTMP connection {} closed: {}", id, reason);
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Whether the connection came in on the RTMPS (TLS) listener. */
    boolean secure() {
        return secure;
    }

    /** Frames dropped: a reader's that its socket could not take, or a publisher's that could not be used. */
    long framesDropped() {
        RtmpReader r = reader;
        RtmpPublisher p = publisher;
        return (r == null ? 0 : r.framesDropped) + (p == null ? 0 : p.framesDropped);
    }

    ProtocolSession describe() {
        if (ctx == null) {
            return null;
        }
        String state = publisher != null ? "publish" : reader != null ? "read" : "idle";
        String path = publisher != null ? publisher.path : reader != null ? reader.path : "";
        return new ProtocolSession(id, created, (InetSocketAddress) ctx.channel().remoteAddress(), state, path,
                bytesReceived, bytesSent, secure ? "rtmps" : "rtmp", ProtocolSession.withoutCredentials(query), null);
    }

    /**
     * The path and credentials of a stream key: {@code app/name} (or {@code app} alone when the
     * name is empty), with {@code user} and {@code pass}, or a {@code jwt}, from a query string
     * after the name or the app; null when that is not a valid path name. The query is kept
     * whole for an HTTP auth backend and never logged.
     */
    record StreamKey(String path, String user, String pass, String jwt, String query) {

        @Override
        public String toString() {
            return "StreamKey[" + path + "]"; // never the credentials
        }

        static StreamKey of(String app, Object name) {
            // rtmp://host/cam has the app "cam" and an empty stream name: the path is the app.
            String n = name instanceof String s ? s : "";
            String query = "";
            String a = app;
            int q = a.indexOf('?');
            if (q >= 0) {
                query = a.substring(q + 1);
                a = a.substring(0, q);
            }
            q = n.indexOf('?');
            if (q >= 0) {
                query = n.substring(q + 1);
                n = n.substring(0, q);
            }
            String path = a.isEmpty() ? n : n.isEmpty() ? a : a + "/" + n;
            if (!PathNames.isValid(path)) {
                return null;
            }
            String user = null;
            String pass = "";
            String jwt = null;
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    String k = kv.substring(0, eq);
                    String v = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                    if (k.equals("user")) {
                        user = v;
                    } else if (k.equals("pass")) {
                        pass = v;
                    } else if (k.equals("jwt") && !v.isEmpty()) {
                        jwt = v;
                    }
                }
            }
            return new StreamKey(path, user, pass, jwt, query);
        }
    }
}
