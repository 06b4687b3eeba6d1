package io.strom.codec;

import io.netty.buffer.ByteBuf;

/** Receives the access units a {@link RtpDepacketizer} completes. */
@FunctionalInterface
public interface AccessUnitSink {

    /**
     * One complete access unit, in its codec's layout (see {@link RtpFormats}).
     *
     * @param accessUnit   the access unit; ownership passes to the sink, which must release it
     * @param rtpTimestamp the RTP timestamp of the packets that carried it (32 bits, wraps)
     * @param randomAccess whether a decoder can start here (always true for audio)
     */
    void accept(ByteBuf accessUnit, long rtpTimestamp, boolean randomAccess);
}
