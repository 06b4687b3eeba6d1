package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads RFC 6416 MP4A-LATM payloads ({@code cpresent=0}) into raw AAC access units.
 *
 * <p>A packet carries one or more AudioMuxElements, or a fragment of one; the marker bit ends
 * each element, so fragments are gathered until it. An element holds one PayloadMux per
 * subframe: its length as PayloadLengthInfo (a run of 0xFF bytes, each adding 255, closed by a
 * byte below 0xFF that adds itself), then the access unit. The n-th access unit of a packet is
 * stamped {@value Mpeg4AudioDepacketizer#SAMPLES_PER_ACCESS_UNIT} samples per step after the
 * packet's timestamp. Elements that do not divide into whole subframes are dropped and counted.
 */
public final class Mpeg4AudioLatmDepacketizer implements RtpDepacketizer {

    /** The largest element gathered from fragments; AAC allows 6144 bits per channel per frame. */
    static final int MAX_ELEMENT_SIZE = 64 * 1024;

    private final ByteBufAllocator allocator;
    private final int subFrames;
    private final RtpSequence sequence = new RtpSequence();
    private long dropped;

    /** Where the access units of the elements being read start, and their sizes; grown as needed. */
    private int[] starts = new int[4];
    private int[] sizes = new int[4];

    private ByteBuf pending;
    private int pendingPackets;
    private long pendingTimestamp;
    private boolean skippingBroken;
    private long brokenTimestamp;

    public Mpeg4AudioLatmDepacketizer(ByteBufAllocator allocator, Mpeg4AudioLatmConfig config) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.subFrames = config.subFrames();
    }

    @Override
    public void depacketize(ByteBuf packet, AccessUnitSink sink) {
        int offset = RtpPackets.payloadOffset(packet);
        if (offset < 0) {
            dropped++;
            return;
        }
        long timestamp = RtpPackets.timestamp(packet);
        boolean continuous = sequence.follows(RtpPackets.sequenceNumber(packet));
        boolean marker = RtpPackets.marker(packet);
        if (pending != null && (!continuous || timestamp != pendingTimestamp)) {
            // The element lost a fragment (or its marker): its lengths can no longer be trusted.
            abandonPending();
        }
        if (skippingBroken) {
            if (timestamp == brokenTimestamp) {
                dropped++;
                skippingBroken = !marker;
                return;
            }
            skippingBroken = false;
        }
        int start = packet.readerIndex() + offset;
        int length = RtpPackets.payloadLength(packet);
        if (pending == null && marker) {
            // The common case, whole elements in one packet: read them in place.
            readElements(packet, start, start + length, timestamp, 1, sink);
            return;
        }
        if (pending == null) {
            pending = allocator.buffer(length);
            pendingTimestamp = timestamp;
        }
        pendingPackets++;
        if (pending.readableBytes() + length > MAX_ELEMENT_SIZE) {
            abandonPending();
            skippingBroken = !marker;
            return;
        }
        pending.writeBytes(packet, start, length);
        if (marker) {
            ByteBuf element = pending;
            int packets = pendingPackets;
            pending = null;
            pendingPackets = 0;
            try {
                readElements(element, element.readerIndex(), element.writerIndex(), pendingTimestamp, packets, sink);
            } finally {
                element.release();
            }
        }
    }

    /**
     * Emits the access units of the elements in {@code [from, to)} once all their lengths check
     * out, or counts the {@code packets} that carried them as dropped.
     */
    private void readElements(ByteBuf buf, int from, int to, long timestamp, int packets, AccessUnitSink sink) {
        int count = 0;
        int position = from;
        while (position < to) {
            int size = 0;
            int b;
            do {
                if (position == to) {
                    dropped += packets;
                    return;
                }
                b = buf.getUnsignedByte(position++);
                size += b;
            } while (b == 0xFF);
            if (size == 0 || size > to - position) {
                dropped += packets;
                return;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            starts[count] = position;
            sizes[count] = size;
            count++;
            position += size;
        }
        if (count == 0 || count % subFrames != 0) {
            dropped += packets;
            return;
        }
        for (int i = 0; i < count; i++) {
            ByteBuf accessUnit = allocator.buffer(sizes[i]).writeBytes(buf, starts[i], sizes[i]);
            long auTimestamp = (timestamp + (long) i * Mpeg4AudioDepacketizer.SAMPLES_PER_ACCESS_UNIT) & 0xFFFFFFFFL;
            sink.accept(accessUnit, auTimestamp, true);
        }
    }

    /**
     * Drops the element being gathered and skips its remaining fragments, which share its
     * timestamp and must not pass for elements of their own.
     */
    private void abandonPending() {
        brokenTimestamp = pendingTimestamp;
        skippingBroken = true;
        pending.release();
        pending = null;
        dropped += pendingPackets;
        pendingPackets = 0;
    }

    @Override
    public long droppedPackets() {
        return dropped;
    }

    @Override
    public void close() {
        if (pending != null) {
            pending.release();
            pending = null;
            pendingPackets = 0;
        }
    }
}
