package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;

/** What a unicast UDP session registers with {@link RtspUdpListener} for one client port. */
interface UdpReceiver {

    /** A datagram from the registered client address; takes ownership of {@code packet}. */
    void onDatagram(ByteBuf packet);
}
