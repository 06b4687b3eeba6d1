package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** An RTP or RTCP packet carried in the RTSP connection ({@code $}, channel, length; RFC 2326 10.12). Owns its content. */
final class InterleavedFrame extends DefaultByteBufHolder {

    private final int channel;

    InterleavedFrame(int channel, ByteBuf content) {
        super(content);
        this.channel = channel;
    }

    int channel() {
        return channel;
    }
}
