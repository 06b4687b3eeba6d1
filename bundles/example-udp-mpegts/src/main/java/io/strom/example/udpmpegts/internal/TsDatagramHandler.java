package io.strom.example.udpmpegts.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * Splits each datagram into its TS packets and hands them to the demuxer. Senders put 1 to 7
 * packets in a datagram (7 x 188 = 1316 bytes fits a 1500-byte MTU); anything else (a length that
 * is not a multiple of 188, a packet without the sync byte) is not MPEG-TS, so the whole datagram
 * is counted and dropped before any of it reaches the demuxer, and the stream goes on with the
 * next one. Nothing thrown while reading a datagram may close the channel: it is logged by
 * {@link #exceptionCaught} and the source keeps listening.
 */
final class TsDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    /** The most TS packets a datagram may carry. */
    static final int MAX_PACKETS = 7;

    private final TsDemuxer demuxer;
    private final SourceCounters counters;
    private final Runnable onDatagram;

    /** @param onDatagram called for every datagram of TS packets (it feeds the source's idle timer; garbage does not) */
    TsDatagramHandler(TsDemuxer demuxer, SourceCounters counters, Runnable onDatagram) {
        this.demuxer = demuxer;
        this.counters = counters;
        this.onDatagram = onDatagram;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
        ByteBuf data = datagram.content();
        counters.datagrams.increment();
        counters.bytes.add(data.readableBytes());
        if (!isTs(data)) {
            counters.garbageDatagrams.increment();
            return;
        }
        onDatagram.run();
        for (int pos = data.readerIndex(); pos < data.writerIndex(); pos += TsDemuxer.PACKET_SIZE) {
            demuxer.packet(data, pos);
        }
    }

    /** Whether the datagram is 1 to {@value #MAX_PACKETS} whole TS packets, each starting with the sync byte. */
    static boolean isTs(ByteBuf data) {
        int length = data.readableBytes();
        if (length == 0 || length % TsDemuxer.PACKET_SIZE != 0 || length > MAX_PACKETS * TsDemuxer.PACKET_SIZE) {
            return false;
        }
        for (int pos = data.readerIndex(); pos < data.writerIndex(); pos += TsDemuxer.PACKET_SIZE) {
            if (data.getUnsignedByte(pos) != TsDemuxer.SYNC_BYTE) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        counters.invalidPackets.increment();
        UdpMpegtsSource.LOG.warn("datagram dropped: {}", cause.toString());
    }
}
