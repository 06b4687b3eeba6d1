package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles {@link RtmpMessage}s from an RTMP chunk stream (RTMP specification 1.0, section 5.3),
 * after the handshake.
 *
 * <p>Handles the four header formats, one- to three-byte chunk stream ids, extended timestamps
 * (also on type 3 chunks whose chunk stream last used one, as the specification, FFmpeg and
 * librtmp have it; a peer that leaves it out there is not detected and desynchronises),
 * timestamp deltas, and messages split into chunks interleaved across chunk streams. A type 3 chunk
 * starting a message right after a type 0 one uses the type 0 timestamp as its delta, as the
 * specification says. Timestamps are unwrapped per chunk stream, so they keep growing past the
 * 32-bit wrap (49.7 days).
 *
 * <p>Set Chunk Size and Abort are consumed here, not passed on: they describe the chunk stream,
 * which nothing after this decoder sees. A type 0, 1 or 2 chunk on a chunk stream with a message
 * half assembled drops that message and starts a new one.
 *
 * <p>Limits, each an {@link RtmpProtocolException} naming it after which nothing more is decoded
 * (the byte stream cannot be resynchronised, so the connection closes): chunk sizes from 1 to
 * {@value #MAX_CHUNK_SIZE}, messages of at most {@code maxMessageLength} bytes, and no type 1, 2 or
 * 3 chunk on a chunk stream that never had a type 0 one. A message buffer grows with the bytes
 * actually received rather than being allocated at the announced length, so announcing large
 * messages costs a peer as much memory as it makes us hold.
 */
final class RtmpChunkDecoder extends ByteToMessageDecoder {

    static final int DEFAULT_CHUNK_SIZE = 128;
    static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;
    static final int MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;
    private static final int EXTENDED = 0xFFFFFF;
    private static final int[] MESSAGE_HEADER = {11, 7, 3, 0};

    /** What the previous headers of one chunk stream left to the next, and its message in progress. */
    private static final class ChunkStream {
        boolean started;
        boolean extended;
        long timestamp;
        long delta;
        int length;
        int typeId;
        int messageStreamId;
        ByteBuf payload;
        int remaining;

        void drop() {
            if (payload != null) {
                payload.release();
                payload = null;
            }
            remaining = 0;
        }
    }

    private final int maxMessageLength;
    /** Chunk streams 2 to 63, the ones clients use, in an array: no boxing on every chunk. */
    private final ChunkStream[] lowStreams = new ChunkStream[64];
    private final Map<Integer, ChunkStream> highStreams = new HashMap<>();
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    /** The chunk stream whose chunk payload is being read, and how much of that chunk is left. */
    private ChunkStream current;
    private int csidOfCurrent;
    private int chunkLeft;
    private boolean failed;
    private volatile long bytesReceived;

    RtmpChunkDecoder() {
        this(MAX_MESSAGE_LENGTH);
    }

    RtmpChunkDecoder(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    /** Bytes received since this decoder was added: the sequence number of an Acknowledgement. */
    long bytesReceived() {
        return bytesReceived;
    }

    int chunkSize() {
        return chunkSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf) {
            // Written only on the event loop; volatile so that metrics may read it from elsewhere.
            bytesReceived = bytesReceived + ((ByteBuf) msg).readableBytes();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.isReadable()) {
                if (current == null && !readHeader(ctx, in, out)) {
                    return;
                }
                if (current != null && !readPayload(in, out)) {
                    return;
                }
            }
        } catch (RtmpProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            releaseAll();
            throw e;
        }
    }

    /** Parses one chunk header if all of it is there; false when more bytes are needed. */
    private boolean readHeader(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int b0 = in.getUnsignedByte(start);
        int fmt = b0 >>> 6;
        int csid = b0 & 0x3F;
        int pos = start + 1;
        if (csid == 0) {
            if (readable < 2) {
                return false;
            }
            csid = 64 + in.getUnsignedByte(pos);
            pos += 1;
        } else if (csid == 1) {
            if (readable < 3) {
                return false;
            }
            csid = 64 + in.getUnsignedByte(pos) + in.getUnsignedByte(pos + 1) * 256;
            pos += 2;
        }
        ChunkStream cs = stream(csid);
        if (fmt != 0 && (cs == null || !cs.started)) {
            throw new RtmpProtocolException("type " + fmt + " chunk on chunk stream " + csid + " never started with a type 0 chunk");
        }
        int headerEnd = pos + MESSAGE_HEADER[fmt];
        if (headerEnd > in.writerIndex()) {
            return false;
        }
        long field = fmt == 3 ? 0 : in.getUnsignedMedium(pos);
        boolean extended = fmt == 3 ? cs.extended : field == EXTENDED;
        if (extended) {
            if (headerEnd + 4 > in.writerIndex()) {
                return false;
            }
            field = in.getUnsignedInt(headerEnd);
            headerEnd += 4;
        }
        if (cs == null) {
            cs = new ChunkStream();
            if (csid < lowStreams.length) {
                lowStreams[csid] = cs;
            } else {
                highStreams.put(csid, cs);
            }
        }
        boolean newMessage = fmt != 3 || cs.remaining == 0;
        if (fmt != 3) {
            cs.drop();
            cs.extended = extended;
        }
        if (fmt <= 1) {
            int length = in.getUnsignedMedium(pos + 3);
            if (length > maxMessageLength) {
                throw new RtmpProtocolException("message length " + length + " on chunk stream " + csid
                        + " exceeds the limit of " + maxMessageLength + " bytes");
            }
            cs.length = length;
            cs.typeId = in.getUnsignedByte(pos + 6);
        }
        if (fmt == 0) {
            cs.messageStreamId = in.getIntLE(pos + 7);
            cs.timestamp = cs.started ? unwrap(cs.timestamp, field) : field;
            cs.delta = field;
            cs.started = true;
        } else if (fmt != 3) {
            cs.delta = field;
            cs.timestamp += field;
        } else if (newMessage) {
            cs.timestamp += cs.delta;
        }
        in.readerIndex(headerEnd);
        if (newMessage) {
            cs.remaining = cs.length;
            if (cs.length == 0) {
                emit(csid, cs, Unpooled.EMPTY_BUFFER, out);
                return true;
            }
            // Grown as chunks arrive, never beyond the announced length.
            cs.payload = ctx.alloc().buffer(Math.min(cs.length, chunkSize), cs.length);
        }
        current = cs;
        csidOfCurrent = csid;
        chunkLeft = Math.min(chunkSize, cs.remaining);
        return true;
    }

    /** Copies what has arrived of the current chunk; false when the chunk needs more bytes. */
    private boolean readPayload(ByteBuf in, List<Object> out) {
        ChunkStream cs = current;
        int n = Math.min(chunkLeft, in.readableBytes());
        cs.payload.writeBytes(in, n);
        chunkLeft -= n;
        cs.remaining -= n;
        if (chunkLeft > 0) {
            return false;
        }
        current = null;
        if (cs.remaining == 0) {
            ByteBuf payload = cs.payload;
            cs.payload = null;
            emit(csidOfCurrent, cs, payload, out);
        }
        return true;
    }

    private void emit(int csid, ChunkStream cs, ByteBuf payload, List<Object> out) {
        switch (cs.typeId) {
            case RtmpMessageTypes.SET_CHUNK_SIZE:
                try {
                    setChunkSize(payload);
                } finally {
                    payload.release();
                }
                return;
            case RtmpMessageTypes.ABORT:
                try {
                    abort(payload);
                } finally {
                    payload.release();
                }
                return;
            default:
                out.add(new RtmpMessage(csid, cs.typeId, cs.messageStreamId, cs.timestamp, payload));
        }
    }

    private void setChunkSize(ByteBuf payload) {
        if (payload.readableBytes() < 4) {
            throw new RtmpProtocolException("Set Chunk Size of " + payload.readableBytes() + " bytes, not 4");
        }
        // The first bit must be zero; the specification says to read the other 31.
        int size = payload.getInt(payload.readerIndex()) & 0x7FFFFFFF;
        if (size < 1 || size > MAX_CHUNK_SIZE) {
            throw new RtmpProtocolException("absurd chunk size " + size + " (limits 1 to " + MAX_CHUNK_SIZE + ")");
        }
        chunkSize = size;
    }

    private void abort(ByteBuf payload) {
        if (payload.readableBytes() < 4) {
            throw new RtmpProtocolException("Abort of " + payload.readableBytes() + " bytes, not 4");
        }
        int csid = payload.getInt(payload.readerIndex());
        ChunkStream cs = csid >= 0 && csid <= 65599 ? stream(csid) : null;
        if (cs != null) {
            cs.drop();
        }
    }

    private ChunkStream stream(int csid) {
        return csid < lowStreams.length ? lowStreams[csid] : highStreams.get(csid);
    }

    /** The value of 32-bit {@code field} closest to {@code previous}, so timestamps survive the wrap. */
    static long unwrap(long previous, long field) {
        long candidate = (previous & ~0xFFFFFFFFL) | field;
        if (candidate < previous - 0x80000000L) {
            candidate += 0x100000000L;
        } else if (candidate > previous + 0x80000000L && candidate >= 0x100000000L) {
            candidate -= 0x100000000L;
        }
        return candidate;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            releaseAll();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseAll();
    }

    private void releaseAll() {
        for (ChunkStream cs : lowStreams) {
            if (cs != null) {
                cs.drop();
            }
        }
        for (ChunkStream cs : highStreams.values()) {
            cs.drop();
        }
        current = null;
        chunkLeft = 0;
    }
}
