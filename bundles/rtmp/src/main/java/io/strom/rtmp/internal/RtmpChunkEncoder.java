package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link RtmpMessage}s as RTMP chunks (RTMP specification 1.0, section 5.3), each message
 * into one exactly sized buffer.
 *
 * <p>The first chunk of a message has a type 0 header, the others type 3; header compression
 * (types 1 and 2) would save a few bytes per message at the cost of per-stream state, and every
 * reader accepts type 0. A timestamp of 0xFFFFFF or more goes in an extended timestamp, repeated
 * on every type 3 chunk of the message as FFmpeg and librtmp expect. Timestamps are written as
 * their low 32 bits, which wrap as the peer expects.
 *
 * <p>Writing a Set Chunk Size message switches the outgoing chunk size right after it, so the
 * change takes effect in the order of the writes; {@link #setChunkSize(int)} does the same for a
 * caller that announces it differently. Both must happen on the channel's event loop.
 */
final class RtmpChunkEncoder extends MessageToByteEncoder<RtmpMessage> {

    private static final int EXTENDED = 0xFFFFFF;

    private int chunkSize = RtmpChunkDecoder.DEFAULT_CHUNK_SIZE;

    RtmpChunkEncoder() {
        super(RtmpMessage.class);
    }

    int chunkSize() {
        return chunkSize;
    }

    void setChunkSize(int chunkSize) {
        if (chunkSize < 1 || chunkSize > RtmpChunkDecoder.MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RtmpMessage msg, boolean preferDirect) {
        int size = encodedSize(msg);
        return preferDirect ? ctx.alloc().ioBuffer(size, size) : ctx.alloc().heapBuffer(size, size);
    }

    int encodedSize(RtmpMessage msg) {
        int length = msg.payload().readableBytes();
        int basic = basicHeaderSize(msg.chunkStreamId());
        int ext = (msg.timestamp() & 0xFFFFFFFFL) >= EXTENDED ? 4 : 0;
        int chunks = length == 0 ? 1 : (length + chunkSize - 1) / chunkSize;
        return basic + 11 + ext + (chunks - 1) * (basic + ext) + length;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage msg, ByteBuf out) {
        ByteBuf payload = msg.payload();
        int length = payload.readableBytes();
        if (length > EXTENDED) {
            throw new IllegalArgumentException("message of " + length + " bytes does not fit RTMP's 24-bit length");
        }
        int csid = msg.chunkStreamId();
        long ts = msg.timestamp() & 0xFFFFFFFFL;
        boolean extended = ts >= EXTENDED;
        writeBasicHeader(out, 0, csid);
        out.writeMedium(extended ? EXTENDED : (int) ts);
        out.writeMedium(length);
        out.writeByte(msg.typeId());
        out.writeIntLE(msg.messageStreamId());
        if (extended) {
            out.writeInt((int) ts);
        }
        int index = payload.readerIndex();
        int left = length;
        int n = Math.min(left, chunkSize);
        // The payload copies itself into out: a composite payload (FLV tag header plus the shared
        // access unit) then copies component by component, where out.writeBytes(payload) would
        // first merge it into a new heap buffer as large as the frame, per reader and frame.
        payload.getBytes(index, out, n);
        index += n;
        left -= n;
        while (left > 0) {
            writeBasicHeader(out, 3, csid);
            if (extended) {
                out.writeInt((int) ts);
            }
            n = Math.min(left, chunkSize);
            payload.getBytes(index, out, n);
            index += n;
            left -= n;
        }
        if (msg.typeId() == RtmpMessageTypes.SET_CHUNK_SIZE && length >= 4) {
            setChunkSize(payload.getInt(payload.readerIndex()) & 0x7FFFFFFF);
        }
    }

    static int basicHeaderSize(int csid) {
        return csid < 64 ? 1 : csid < 320 ? 2 : 3;
    }

    static void writeBasicHeader(ByteBuf out, int fmt, int csid) {
        if (csid < 2 || csid > 65599) {
            throw new IllegalArgumentException("chunk stream id " + csid);
        }
        if (csid < 64) {
            out.writeByte(fmt << 6 | csid);
        } else if (csid < 320) {
            out.writeByte(fmt << 6).writeByte(csid - 64);
        } else {
            out.writeByte(fmt << 6 | 1).writeByte((csid - 64) & 0xFF).writeByte((csid - 64) >>> 8);
        }
    }
}
