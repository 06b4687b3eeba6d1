package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builders for the protocol control and user control messages a server sends (RTMP specification
 * 1.0, sections 5.4 and 6.2).
 *
 * <p>All go on chunk stream 2 and message stream 0 with timestamp 0, as the specification asks.
 * Numbers are written as their low 32 bits, so a byte count past 4 GiB wraps as the peer expects.
 */
final class ProtocolControl {

    static final int CHUNK_STREAM = 2;

    /** Limit type of Set Peer Bandwidth: hard, soft or dynamic. */
    static final int LIMIT_HARD = 0;
    static final int LIMIT_SOFT = 1;
    static final int LIMIT_DYNAMIC = 2;

    static final int EVENT_STREAM_BEGIN = 0;
    static final int EVENT_STREAM_EOF = 1;
    static final int EVENT_PING_REQUEST = 6;
    static final int EVENT_PING_RESPONSE = 7;

    private ProtocolControl() {
    }

    static RtmpMessage setChunkSize(ByteBufAllocator alloc, int chunkSize) {
        return control(RtmpMessageTypes.SET_CHUNK_SIZE, alloc.buffer(4).writeInt(chunkSize & 0x7FFFFFFF));
    }

    static RtmpMessage windowAckSize(ByteBufAllocator alloc, long windowSize) {
        return control(RtmpMessageTypes.WINDOW_ACK_SIZE, alloc.buffer(4).writeInt((int) windowSize));
    }

    /** Set Peer Bandwidth with the dynamic limit type, which every client accepts. */
    static RtmpMessage setPeerBandwidth(ByteBufAllocator alloc, long windowSize) {
        return control(RtmpMessageTypes.SET_PEER_BANDWIDTH, alloc.buffer(5).writeInt((int) windowSize).writeByte(LIMIT_DYNAMIC));
    }

    /** Acknowledgement of {@code bytesReceived} bytes so far (the sequence number). */
    static RtmpMessage acknowledgement(ByteBufAllocator alloc, long bytesReceived) {
        return control(RtmpMessageTypes.ACKNOWLEDGEMENT, alloc.buffer(4).writeInt((int) bytesReceived));
    }

    static RtmpMessage streamBegin(ByteBufAllocator alloc, int messageStreamId) {
        return userControl(alloc, EVENT_STREAM_BEGIN, messageStreamId);
    }

    static RtmpMessage streamEof(ByteBufAllocator alloc, int messageStreamId) {
        return userControl(alloc, EVENT_STREAM_EOF, messageStreamId);
    }

    /** The answer to a client's Ping Request, echoing its timestamp. */
    static RtmpMessage pingResponse(ByteBufAllocator alloc, long timestamp) {
        return userControl(alloc, EVENT_PING_RESPONSE, (int) timestamp);
    }

    private static RtmpMessage userControl(ByteBufAllocator alloc, int event, int value) {
        return control(RtmpMessageTypes.USER_CONTROL, alloc.buffer(6).writeShort(event).writeInt(value));
    }

    private static RtmpMessage control(int type, ByteBuf payload) {
        return new RtmpMessage(CHUNK_STREAM, type, 0, 0, payload);
    }
}
