package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads RFC 3640 (MPEG4-GENERIC) payloads of AAC into raw access units.
 *
 * <p>A payload is a 16-bit AU-headers-length in bits, the AU headers (AU-size, then AU-Index for
 * the first and AU-Index-delta for the others), padded to a byte, then the access units. Several
 * AUs in one packet are emitted one by one, the n-th stamped {@value #SAMPLES_PER_ACCESS_UNIT}
 * samples per index step after the packet's timestamp. An AU larger than one packet is sent as
 * fragments, each with a single header giving the whole AU's size, all with the same timestamp;
 * they are reassembled here, and dropped when a packet is lost or the sizes disagree.
 */
public final class Mpeg4AudioDepacketizer implements RtpDepacketizer {

    /** PCM samples per AAC access unit (the 960-sample variant is not used over RTP in practice). */
    public static final int SAMPLES_PER_ACCESS_UNIT = 1024;

    private final ByteBufAllocator allocator;
    private final Mpeg4AudioConfig config;
    private final RtpSequence sequence = new RtpSequence();
    private long dropped;

    /** AU sizes and timestamp offsets (in AUs) of the packet being read; grown as needed. */
    private int[] sizes = new int[8];
    private int[] indexOffsets = new int[8];

    private ByteBuf fragment;
    private int fragmentSize;
    private int fragmentPackets;
    private long fragmentTimestamp;

    public Mpeg4AudioDepacketizer(ByteBufAllocator allocator, Mpeg4AudioConfig config) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.config = Objects.requireNonNull(config, "config");
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
        if (fragment != null && (!continuous || timestamp != fragmentTimestamp)) {
            // The rest of the AU was lost: a partial AAC frame would only make the decoder glitch.
            discardFragment();
        }
        int start = packet.readerIndex() + offset;
        int end = start + RtpPackets.payloadLength(packet);
        int count = readHeaders(packet, start, end);
        if (count < 0) {
            discardFragment();
            dropped++;
            return;
        }
        int dataStart = start + 2 + (packet.getUnsignedShort(start) + 7) / 8;
        int available = end - dataStart;
        if (count == 1 && (fragment != null || sizes[0] > available)) {
            appendFragment(packet, dataStart, available, timestamp, RtpPackets.marker(packet), sink);
            return;
        }
        discardFragment();
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += sizes[i];
        }
        if (total > available) {
            dropped++;
            return;
        }
        int position = dataStart;
        for (int i = 0; i < count; i++) {
            ByteBuf accessUnit = allocator.buffer(sizes[i]).writeBytes(packet, position, sizes[i]);
            position += sizes[i];
            sink.accept(accessUnit, (timestamp + (long) indexOffsets[i] * SAMPLES_PER_ACCESS_UNIT) & 0xFFFFFFFFL, true);
        }
    }

    /**
     * Reads the AU headers into {@link #sizes} and {@link #indexOffsets}; returns their count, or
     * -1 when the header section is empty, runs past the payload, or holds a zero AU-size.
     */
    private int readHeaders(ByteBuf packet, int start, int end) {
        if (end - start < 2) {
            return -1;
        }
        int headerBits = packet.getUnsignedShort(start);
        if (headerBits == 0 || start + 2 + (headerBits + 7) / 8 > end) {
            return -1;
        }
        BitReader reader = new BitReader(packet, start + 2, headerBits);
        int count = 0;
        int indexOffset = 0;
        while (reader.remaining() > 0) {
            int indexBits = count == 0 ? config.indexLength() : config.indexDeltaLength();
            if (reader.remaining() < config.sizeLength() + indexBits) {
                return -1;
            }
            int size = reader.read(config.sizeLength());
            int index = reader.read(indexBits);
            if (size == 0) {
                return -1;
            }
            if (count > 0) {
                // AU-Index-delta counts the AUs skipped by interleaving, so consecutive AUs have delta 0.
                indexOffset += index + 1;
            }
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, count * 2);
                indexOffsets = Arrays.copyOf(indexOffsets, count * 2);
            }
            sizes[count] = size;
            indexOffsets[count] = indexOffset;
            count++;
        }
        return count;
    }

    /** Adds one fragment of an AU larger than a packet; emits the AU once all its bytes arrived. */
    private void appendFragment(ByteBuf packet, int dataStart, int length, long timestamp, boolean marker,
                                AccessUnitSink sink) {
        if (fragment == null) {
            if (marker) {
                // A last fragment whose predecessors were lost.
                dropped++;
                return;
            }
            fragment = allocator.buffer(sizes[0]);
            fragmentSize = sizes[0];
            fragmentTimestamp = timestamp;
        }
        fragmentPackets++;
        if (sizes[0] != fragmentSize || fragment.readableBytes() + length > fragmentSize) {
            discardFragment();
            return;
        }
        fragment.writeBytes(packet, dataStart, length);
        if (fragment.readableBytes() == fragmentSize) {
            ByteBuf accessUnit = fragment;
            fragment = null;
            fragmentPackets = 0;
            sink.accept(accessUnit, fragmentTimestamp, true);
        } else if (marker) {
            // The sender ended the AU short of its announced size.
            discardFragment();
        }
    }

    private void discardFragment() {
        if (fragment != null) {
            fragment.release();
            fragment = null;
            dropped += fragmentPackets;
            fragmentPackets = 0;
        }
    }

    @Override
    public long droppedPackets() {
        return dropped;
    }

    @Override
    public void close() {
        if (fragment != null) {
            fragment.release();
            fragment = null;
            fragmentPackets = 0;
        }
    }
}
