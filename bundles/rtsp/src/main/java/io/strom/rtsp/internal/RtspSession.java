package io.strom.rtsp.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.time.Instant;

/**
 * One RTSP session, created by ANNOUNCE (publishing) or the first SETUP (reading) on a
 * connection: its id, path, lower transport and state, and its media half,
 * {@link RtspSessionPublish} or {@link RtspSessionRead}.
 *
 * <p>Liveness: the connection's read activity, RTCP from the client and (for publishers) RTP all
 * count; {@link RtspConn} closes a session that stays silent longer than its timeout. The
 * activity times are volatile because UDP traffic arrives on another event loop.
 */
final class RtspSession {

    enum State { ANNOUNCED, RECORDING, READY, PLAYING }

    final String id;
    final Instant created = Instant.now();
    private final Channel channel;
    private final boolean secure;
    volatile State state;
    String path;
    /** The query of the URL that created the session, for the control API; empty when none. */
    String query = "";
    TransportHeader.Protocol protocol;
    RtspSessionPublish publish;
    RtspSessionRead read;
    MulticastStream multicast;
    volatile long lastActivityNanos = System.nanoTime();
    volatile long lastDataNanos = System.nanoTime();
    private final java.util.List<Runnable> onEnd = new java.util.ArrayList<>();

    // Counters, for the API and for tests (written by one thread, read by others).
    long bytesReceived;
    long bytesSent;
    long packetsDropped;
    long unitsDropped;

    RtspSession(String id, Channel channel) {
        this.id = id;
        this.channel = channel;
        this.secure = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    void touchActivity() {
        lastActivityNanos = System.nanoTime();
    }

    void touchData() {
        long now = System.nanoTime();
        lastDataNanos = now;
        lastActivityNanos = now;
    }

    String type() {
        return secure ? "rtspsSession" : "rtspSession";
    }

    /** The core ends the session (publisher replaced or gone, path removed): the connection closes. */
    void close(String reason) {
        channel.close();
    }

    /** Runs {@code cleanup} when the session ends (UDP registrations, multicast membership). */
    void onEnd(Runnable cleanup) {
        onEnd.add(cleanup);
    }

    /** Releases the session's hold on the stream core and its sockets; idempotent. */
    void end() {
        onEnd.forEach(Runnable::run);
        onEnd.clear();
        if (publish != null) {
            publish.end();
        }
        if (read != null) {
            read.stop();
        }
    }

    /** What a reading session reads. */
    io.strom.api.media.MediaDescription readDescription() {
        return read != null ? read.description : multicast.description;
    }

    String stateName() {
        return state == State.RECORDING ? "publish" : state == State.PLAYING ? "read" : "idle";
    }
}
