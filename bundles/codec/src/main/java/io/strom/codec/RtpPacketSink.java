package io.strom.codec;

import io.netty.buffer.ByteBuf;

/** Receives the RTP packets a {@link RtpPacketizer} writes. */
@FunctionalInterface
public interface RtpPacketSink {

    /** One RTP packet, header included; ownership passes to the sink, which must release it. */
    void accept(ByteBuf packet);
}
