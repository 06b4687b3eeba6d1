package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Emits each RTP payload as one access unit: for formats whose packets stand alone, Opus
 * (RFC 7587: one Opus packet per RTP packet), G711 and LPCM (RFC 3551: the samples of the
 * packet). A lost packet costs only its own audio, so sequence gaps are not tracked; empty and
 * malformed packets are dropped and counted.
 */
public final class WholePayloadDepacketizer implements RtpDepacketizer {

    private final ByteBufAllocator allocator;
    private long dropped;

    public WholePayloadDepacketizer(ByteBufAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    @Override
    public void depacketize(ByteBuf packet, AccessUnitSink sink) {
        int offset = RtpPackets.payloadOffset(packet);
        int length = offset < 0 ? 0 : RtpPackets.payloadLength(packet);
        if (length == 0) {
            dropped++;
            return;
        }
        // A copy rather than a slice: the packet may sit in a large receive buffer it would pin.
        ByteBuf accessUnit = allocator.buffer(length).writeBytes(packet, packet.readerIndex() + offset, length);
        sink.accept(accessUnit, RtpPackets.timestamp(packet), true);
    }

    @Override
    public long droppedPackets() {
        return dropped;
    }

    /** Nothing to release: no state outlives a call. */
    @Override
    public void close() {
    }
}
