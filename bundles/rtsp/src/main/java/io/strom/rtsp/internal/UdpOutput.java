package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/** RTP and RTCP as UDP datagrams from the server's RTP/RTCP ports to each track's client ports. */
final class UdpOutput implements RtpOutput {

    private final RtspUdpListener udp;
    private final InetSocketAddress[] rtpTo;
    private final InetSocketAddress[] rtcpTo;

    UdpOutput(RtspUdpListener udp, int tracks) {
        this.udp = udp;
        this.rtpTo = new InetSocketAddress[tracks];
        this.rtcpTo = new InetSocketAddress[tracks];
    }

    void setPorts(int track, InetSocketAddress rtp, InetSocketAddress rtcp) {
        rtpTo[track] = rtp;
        rtcpTo[track] = rtcp;
    }

    InetSocketAddress rtpAddress(int track) {
        return rtpTo[track];
    }

    InetSocketAddress rtcpAddress(int track) {
        return rtcpTo[track];
    }

    @Override
    public EventLoop loop() {
        return udp.eventLoop();
    }

    @Override
    public boolean isWritable() {
        return udp.isWritable();
    }

    @Override
    public void writeRtp(int track, ByteBuf packet) {
        udp.writeRtp(packet, rtpTo[track]);
    }

    @Override
    public void writeRtcp(int track, ByteBuf packet) {
        udp.writeRtcp(packet, rtcpTo[track]);
    }

    @Override
    public void flushLater() {
        // The listener flushes once per loop turn for every UDP session.
    }
}
