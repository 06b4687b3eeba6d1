package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Reassembles VP8 frames from RTP packets (RFC 7741): each payload starts with a descriptor
 * whose S bit and partition index (PID) tell where a frame begins.
 */
public final class Vp8Depacketizer extends FrameDepacketizer {

    private boolean begins;
    private boolean keyframe;

    public Vp8Depacketizer(ByteBufAllocator allocator) {
        super(allocator);
    }

    @Override
    int readHeader(ByteBuf payload, int assembled) {
        int length = descriptorLength(payload);
        if (length < 0 || length >= payload.readableBytes()) {
            // A descriptor without frame data is useless, and an empty frame cannot be decoded.
            return -1;
        }
        int first = payload.getUnsignedByte(payload.readerIndex());
        begins = (first & 0x10) != 0 && (first & 0x07) == 0;
        // The P bit of the VP8 frame tag (RFC 6386 section 9.1) is 0 for keyframes.
        keyframe = begins && (payload.getByte(payload.readerIndex() + length) & 0x01) == 0;
        return length;
    }

    /** Length of the payload descriptor (RFC 7741 section 4.2), or -1 when it is truncated. */
    static int descriptorLength(ByteBuf payload) {
        int start = payload.readerIndex();
        int end = payload.writerIndex();
        if (end - start < 1) {
            return -1;
        }
        int position = start + 1;
        if ((payload.getByte(start) & 0x80) == 0) {
            return 1;
        }
        if (position >= end) {
            return -1;
        }
        int extension = payload.getUnsignedByte(position++);
        if ((extension & 0x80) != 0) { // I: PictureID, 15 bits when its M bit is set
            if (position >= end) {
                return -1;
            }
            position += (payload.getByte(position) & 0x80) != 0 ? 2 : 1;
        }
        if ((extension & 0x40) != 0) { // L: TL0PICIDX
            position++;
        }
        if ((extension & 0x30) != 0) { // T or K: TID/Y/KEYIDX
            position++;
        }
        return position <= end ? position - start : -1;
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
