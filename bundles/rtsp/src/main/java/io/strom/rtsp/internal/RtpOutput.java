package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

/**
 * Where a session's RTP and RTCP go, per track: interleaved on the RTSP connection, or UDP
 * datagrams to the client's ports. Every method is called on {@link #loop()}.
 */
interface RtpOutput {

    /** The event loop that owns the underlying socket; callers write only from it. */
    EventLoop loop();

    /** Whether the socket can take more now; when not, a reader drops whole units. */
    boolean isWritable();

    /** Queues an RTP packet of {@code track}; takes ownership of {@code packet}. */
    void writeRtp(int track, ByteBuf packet);

    /** Queues an RTCP packet about {@code track}; takes ownership of {@code packet}. */
    void writeRtcp(int track, ByteBuf packet);

    /** Sends what is queued at the end of this loop turn (one flush for many writes). */
    void flushLater();
}
