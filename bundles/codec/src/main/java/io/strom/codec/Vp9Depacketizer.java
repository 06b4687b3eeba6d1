package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Reassembles VP9 frames from RTP packets (RFC 9628): each payload starts with a descriptor
 * whose B bit marks the beginning of a frame; the scalability structure and layer fields are
 * parsed only to be skipped.
 */
public final class Vp9Depacketizer extends FrameDepacketizer {

    private static final int I = 0x80;
    private static final int P = 0x40;
    private static final int L = 0x20;
    private static final int F = 0x10;
    private static final int B = 0x08;
    private static final int V = 0x02;
    /** Flexible mode lists at most three reference indices. */
    private static final int MAX_P_DIFFS = 3;

    private boolean begins;
    private boolean keyframe;

    public Vp9Depacketizer(ByteBufAllocator allocator) {
        super(allocator);
    }

    @Override
    int readHeader(ByteBuf payload, int assembled) {
        int length = descriptorLength(payload);
        if (length < 0 || length >= payload.readableBytes()) {
            return -1;
        }
        int flags = payload.getUnsignedByte(payload.readerIndex());
        begins = (flags & B) != 0;
        // P clear means the frame references no other frame; the uncompressed header confirms
        // it is a keyframe rather than an intra-only frame, which needs earlier state.
        keyframe = begins && (flags & P) == 0 && isKeyframe(payload, payload.readerIndex() + length);
        return length;
    }

    /** Length of the payload descriptor, or -1 when it is truncated or malformed. */
    static int descriptorLength(ByteBuf payload) {
        int start = payload.readerIndex();
        int end = payload.writerIndex();
        if (end <= start) {
            return -1;
        }
        int flags = payload.getUnsignedByte(start);
        int position = start + 1;
        if ((flags & I) != 0) {
            if (position >= end) {
                return -1;
            }
            position += (payload.getByte(position) & 0x80) != 0 ? 2 : 1;
        }
        if ((flags & L) != 0) {
            // TID/U/SID/D, then TL0PICIDX in non-flexible mode only.
            position += (flags & F) == 0 ? 2 : 1;
        }
        if ((flags & F) != 0 && (flags & P) != 0) {
            for (int i = 0; ; i++) {
                if (i == MAX_P_DIFFS || position >= end) {
                    return -1;
                }
                if ((payload.getByte(position++) & 0x01) == 0) { // N: another P_DIFF follows
                    break;
                }
            }
        }
        if ((flags & V) != 0) {
            position = skipScalabilityStructure(payload, position, end);
        }
        return position >= 0 && position <= end ? position - start : -1;
    }

    /** Skips the scalability structure at {@code position}; returns where it ends, or -1. */
    private static int skipScalabilityStructure(ByteBuf payload, int position, int end) {
        if (position >= end) {
            return -1;
        }
        int header = payload.getUnsignedByte(position++);
        int spatialLayers = (header >> 5) + 1;
        if ((header & 0x10) != 0) { // Y: a width and height per spatial layer
            position += 4 * spatialLayers;
        }
        if ((header & 0x08) != 0) { // G: picture group description
            if (position >= end) {
                return -1;
            }
            int pictures = payload.getUnsignedByte(position++);
            for (int i = 0; i < pictures; i++) {
                if (position >= end) {
                    return -1;
                }
                int references = (payload.getUnsignedByte(position++) >> 2) & 0x03;
                position += references;
            }
        }
        return position;
    }

    /**
     * Whether the VP9 uncompressed header at {@code index} starts a keyframe: frame_marker,
     * profile, show_existing_frame and frame_type (VP9 bitstream specification section 6.2).
     */
    static boolean isKeyframe(ByteBuf frame, int index) {
        if (index >= frame.writerIndex()) {
            return false;
        }
        int bits = frame.getUnsignedByte(index);
        if (bits >> 6 != 2) { // frame_marker
            return false;
        }
        int profile = ((bits >> 4) & 0x01) << 1 | (bits >> 5) & 0x01;
        int bit = profile == 3 ? 2 : 3; // profile 3 adds a reserved zero bit
        boolean showExistingFrame = (bits >> bit & 0x01) != 0;
        return !showExistingFrame && (bits >> (bit - 1) & 0x01) == 0;
    }

    @Override
    boolean begins() {
        return begins;
    }

    @Override
    boolean randomAccess() {
        return keyframe;
    }
}
