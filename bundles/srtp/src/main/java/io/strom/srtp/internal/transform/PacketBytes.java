package io.strom.srtp.internal.transform;

import io.netty.buffer.ByteBuf;

/**
 * Array access to the readable bytes of a packet buffer. A heap buffer is worked on through its
 * backing array; any other (direct, composite) is copied into a scratch array that grows to the
 * largest packet seen and is copied back by {@link #store}. Copying ~1 KB costs less than the
 * per-packet ByteBuffer views an in-place direct path would allocate.
 */
final class PacketBytes {

    private byte[] scratch = new byte[2048];
    private ByteBuf buf;
    private boolean copied;
    byte[] array;
    int offset;
    int length;

    /**
     * Takes the readable bytes of {@code packet}, with {@code room} bytes after them for the tag.
     *
     * @throws PacketRejected if the buffer is read-only or cannot grow by {@code room}
     */
    void load(ByteBuf packet, int room) throws PacketRejected {
        if (packet.isReadOnly()) {
            throw new PacketRejected("the packet buffer is read-only");
        }
        length = packet.readableBytes();
        if (room > 0) {
            if (packet.maxWritableBytes() < room) {
                throw new PacketRejected("the packet buffer cannot take the " + room + " bytes of tag and index");
            }
            // A no-op when the caller left the room the SPI asks for.
            packet.ensureWritable(room);
        }
        buf = packet;
        copied = !packet.hasArray();
        if (copied) {
            if (scratch.length < length + room) {
                scratch = new byte[length + room];
            }
            packet.getBytes(packet.readerIndex(), scratch, 0, length);
            array = scratch;
            offset = 0;
        } else {
            array = packet.array();
            offset = packet.arrayOffset() + packet.readerIndex();
        }
    }

    /** Makes the first {@code newLength} bytes the packet's readable bytes. */
    void store(int newLength) {
        int start = buf.readerIndex();
        if (copied) {
            buf.setBytes(start, scratch, 0, newLength);
        }
        buf.writerIndex(start + newLength);
        buf = null;
    }
}
