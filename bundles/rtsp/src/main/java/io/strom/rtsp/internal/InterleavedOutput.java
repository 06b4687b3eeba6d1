package io.strom.rtsp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Arrays;

/**
 * RTP and RTCP interleaved on the RTSP connection (RFC 2326 §10.12): a 4-byte {@code $}
 * header, then the packet, which is written as is (no copy). Track {@code t}'s RTP goes on
 * the channel its SETUP chose, RTCP on the next one.
 */
final class InterleavedOutput implements RtpOutput {

    private final Channel channel;
    private final int[] channelOfTrack;
    private final Runnable flushTask = this::flush;
    private boolean flushScheduled;

    InterleavedOutput(Channel channel, int tracks) {
        this.channel = channel;
        this.channelOfTrack = new int[tracks];
        Arrays.fill(channelOfTrack, -1);
    }

    void setChannel(int track, int rtpChannel) {
        channelOfTrack[track] = rtpChannel;
    }

    int channelOf(int track) {
        return channelOfTrack[track];
    }

    /** The track whose RTP or RTCP uses interleaved {@code ch}, or -1. */
    int trackOf(int ch) {
        for (int t = 0; t < channelOfTrack.length; t++) {
            if (channelOfTrack[t] >= 0 && (ch == channelOfTrack[t] || ch == channelOfTrack[t] + 1)) {
                return t;
            }
        }
        return -1;
    }

    boolean hasAnyTrack() {
        return Arrays.stream(channelOfTrack).anyMatch(c -> c >= 0);
    }

    @Override
    public EventLoop loop() {
        return channel.eventLoop();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void writeRtp(int track, ByteBuf packet) {
        write(channelOfTrack[track], packet);
    }

    @Override
    public void writeRtcp(int track, ByteBuf packet) {
        write(channelOfTrack[track] + 1, packet);
    }

    private void write(int ch, ByteBuf packet) {
        ByteBuf header = channel.alloc().buffer(4).writeByte('$').writeByte(ch).writeShort(packet.readableBytes());
        channel.write(header, channel.voidPromise());
        channel.write(packet, channel.voidPromise());
    }

    @Override
    public void flushLater() {
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    private void flush() {
        flushScheduled = false;
        channel.flush();
    }
}
