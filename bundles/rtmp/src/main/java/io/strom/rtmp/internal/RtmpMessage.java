package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;

/**
 * One RTMP message: the header fields of its first chunk and its reassembled payload.
 *
 * <p>The message owns {@link #payload()}; releasing the message releases it. The timestamp is in
 * milliseconds and absolute: the decoder has already applied deltas and unwrapped the 32-bit wire
 * value, and the encoder writes its low 32 bits.
 */
final class RtmpMessage extends AbstractReferenceCounted {

    private final int chunkStreamId;
    private final int typeId;
    private final int messageStreamId;
    private final long timestamp;
    private final ByteBuf payload;

    RtmpMessage(int chunkStreamId, int typeId, int messageStreamId, long timestamp, ByteBuf payload) {
        this.chunkStreamId = chunkStreamId;
        this.typeId = typeId;
        this.messageStreamId = messageStreamId;
        this.timestamp = timestamp;
        this.payload = payload;
    }

    int chunkStreamId() {
        return chunkStreamId;
    }

    int typeId() {
        return typeId;
    }

    int messageStreamId() {
        return messageStreamId;
    }

    long timestamp() {
        return timestamp;
    }

    ByteBuf payload() {
        return payload;
    }

    @Override
    public RtmpMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public RtmpMessage touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        payload.release();
    }

    @Override
    public String toString() {
        return "RtmpMessage(csid=" + chunkStreamId + ", type=" + typeId + ", stream=" + messageStreamId
                + ", ts=" + timestamp + ", length=" + payload.readableBytes() + ")";
    }
}
