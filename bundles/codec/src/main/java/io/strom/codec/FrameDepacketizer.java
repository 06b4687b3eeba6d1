package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Assembles one frame per RTP timestamp from payloads that each carry a payload header and a
 * slice of the frame, for formats whose header marks where a frame begins (VP8, VP9, M-JPEG).
 *
 * <p>The marker bit ends a frame. A gap in sequence numbers, a malformed payload, or a new
 * timestamp before the marker releases the partial frame and counts its packets as dropped;
 * packets are then dropped until one begins a frame, since a decoder cannot use a frame with a
 * hole in it.
 */
abstract class FrameDepacketizer implements RtpDepacketizer {

    private final ByteBufAllocator allocator;
    private final RtpSequence sequence = new RtpSequence();
    private ByteBuf frame;
    private long frameTimestamp;
    private boolean frameRandomAccess;
    private int framePackets;
    private long dropped;

    FrameDepacketizer(ByteBufAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    /**
     * Reads the payload header at {@code payload}'s reader index and returns its length, or -1
     * when it is malformed; afterwards {@link #begins()} and {@link #randomAccess()} describe it.
     *
     * @param payload   the RTP payload, not to be modified
     * @param assembled bytes of the current frame assembled so far (0 when none)
     */
    abstract int readHeader(ByteBuf payload, int assembled);

    /** Whether the payload last read by {@link #readHeader} begins a frame. */
    abstract boolean begins();

    /** Whether the frame begun by the payload last read is a random-access point. */
    abstract boolean randomAccess();

    /**
     * Turns the assembled frame data into the access unit, or returns null when it is unusable.
     * Takes ownership of {@code data}: returns it, or a new buffer after releasing it, or null
     * after releasing it.
     */
    ByteBuf complete(ByteBuf data) {
        return data;
    }

    @Override
    public final void depacketize(ByteBuf packet, AccessUnitSink sink) {
        int offset = RtpPackets.payloadOffset(packet);
        if (offset < 0) {
            dropFrame(1);
            return;
        }
        boolean continuous = sequence.follows(RtpPackets.sequenceNumber(packet));
        long timestamp = RtpPackets.timestamp(packet);
        if (frame != null && (!continuous || timestamp != frameTimestamp)) {
            dropFrame(0);
        }
        ByteBuf payload = packet.slice(packet.readerIndex() + offset, RtpPackets.payloadLength(packet));
        int headerLength = readHeader(payload, frame == null ? 0 : frame.readableBytes());
        if (headerLength < 0) {
            dropFrame(1);
            return;
        }
        if (frame == null) {
            if (!begins()) {
                dropped++;
                return;
            }
            frame = allocator.buffer(payload.readableBytes() - headerLength);
            frameTimestamp = timestamp;
            frameRandomAccess = randomAccess();
        }
        frame.writeBytes(payload, payload.readerIndex() + headerLength, payload.readableBytes() - headerLength);
        framePackets++;
        if (RtpPackets.marker(packet)) {
            emit(sink);
        }
    }

    private void emit(AccessUnitSink sink) {
        ByteBuf data = frame;
        int packets = framePackets;
        frame = null;
        framePackets = 0;
        ByteBuf accessUnit = complete(data);
        if (accessUnit == null) {
            dropped += packets;
            return;
        }
        sink.accept(accessUnit, frameTimestamp, frameRandomAccess);
    }

    /** Releases the partial frame, counting its packets and {@code extra} more as dropped. */
    private void dropFrame(int extra) {
        dropped += framePackets + extra;
        if (frame != null) {
            frame.release();
            frame = null;
        }
        framePackets = 0;
    }

    @Override
    public final long droppedPackets() {
        return dropped;
    }

    @Override
    public final void close() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
        framePackets = 0;
    }
}
