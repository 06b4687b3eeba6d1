package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Reassembles JPEG images from RTP packets (RFC 2435): the packets carry only the entropy-coded
 * scan, with a header giving the type (sampling), Q, size and fragment offset; this class
 * rebuilds the JPEG headers around it, with quantization tables sent in band (Q 128 to 255) or
 * computed from Q (1 to 99) and the standard Huffman tables.
 */
public final class MjpegDepacketizer extends FrameDepacketizer {

    private static final int MAIN_HEADER_SIZE = 8;
    private static final int RESTART_HEADER_SIZE = 4;
    private static final int TABLE_HEADER_SIZE = 4;
    private static final int FIRST_RESTART_TYPE = 64;

    private boolean begins;
    // The image being assembled, from its first packet.
    private int type;
    private int width;
    private int height;
    private int restartInterval;
    private byte[] tables;
    private int precision;
    // The latest tables per Q, which a sender may omit (length 0) once sent.
    private byte[] lastTables;
    private int lastQ = -1;
    private int lastPrecision;

    public MjpegDepacketizer(ByteBufAllocator allocator) {
        super(allocator);
    }

    @Override
    int readHeader(ByteBuf payload, int assembled) {
        int start = payload.readerIndex();
        int end = payload.writerIndex();
        if (end - start < MAIN_HEADER_SIZE) {
            return -1;
        }
        int fragmentOffset = payload.getUnsignedMedium(start + 1);
        int packetType = payload.getUnsignedByte(start + 4);
        int q = payload.getUnsignedByte(start + 5);
        begins = fragmentOffset == 0;
        // The offset must continue the image exactly: a mismatch means loss or reordering.
        if (fragmentOffset != assembled || (packetType & ~FIRST_RESTART_TYPE) > 1) { // types 0, 1, 64, 65
            return -1;
        }
        int position = start + MAIN_HEADER_SIZE;
        int interval = 0;
        if (packetType >= FIRST_RESTART_TYPE) {
            if (end - position < RESTART_HEADER_SIZE) {
                return -1;
            }
            interval = payload.getUnsignedShort(position);
            position += RESTART_HEADER_SIZE;
        }
        if (!begins) {
            return position - start;
        }
        int w = payload.getUnsignedByte(start + 6) * 8;
        int h = payload.getUnsignedByte(start + 7) * 8;
        if (w == 0 || h == 0 || q == 0) {
            return -1;
        }
        if (q >= 128) {
            position = readTables(payload, position, end, q);
            if (position < 0) {
                return -1;
            }
        } else {
            tables = JpegTables.scaledQuantizers(q);
            precision = 0;
        }
        type = packetType & 1;
        width = w;
        height = h;
        restartInterval = interval;
        return position - start;
    }

    /** Reads the quantization table header and tables; returns where they end, or -1. */
    private int readTables(ByteBuf payload, int position, int end, int q) {
        if (end - position < TABLE_HEADER_SIZE) {
            return -1;
        }
        int tablePrecision = payload.getUnsignedByte(position + 1);
        int length = payload.getUnsignedShort(position + 2);
        position += TABLE_HEADER_SIZE;
        if (length == 0) {
            if (q != lastQ) {
                return -1;
            }
            tables = lastTables;
            precision = lastPrecision;
            return position;
        }
        int expected = 0;
        for (int i = 0; expected < length && i < 8; i++) {
            expected += (tablePrecision >> i & 1) != 0 ? 128 : 64;
        }
        if (length != expected || end - position < length || length > 256) {
            return -1; // not a whole number of tables, or more than luma and chroma
        }
        tables = new byte[length];
        payload.getBytes(position, tables);
        precision = tablePrecision;
        lastTables = tables;
        lastQ = q;
        lastPrecision = tablePrecision;
        return position + length;
    }

    @Override
    boolean begins() {
        return begins;
    }

    @Override
    boolean randomAccess() {
        return true;
    }

    @Override
    ByteBuf complete(ByteBuf data) {
        ByteBuf jpeg = data.alloc().buffer(700 + data.readableBytes());
        jpeg.writeShort(0xFFD8);
        int chromaTable = writeQuantizationTables(jpeg);
        jpeg.writeShort(0xFFC0).writeShort(17).writeByte(8).writeShort(height).writeShort(width).writeByte(3);
        jpeg.writeByte(1).writeByte(type == 0 ? 0x21 : 0x22).writeByte(0);
        jpeg.writeByte(2).writeByte(0x11).writeByte(chromaTable);
        jpeg.writeByte(3).writeByte(0x11).writeByte(chromaTable);
        JpegTables.writeHuffmanTables(jpeg);
        if (restartInterval > 0) {
            jpeg.writeShort(0xFFDD).writeShort(4).writeShort(restartInterval);
        }
        jpeg.writeShort(0xFFDA).writeShort(12).writeByte(3);
        jpeg.writeByte(1).writeByte(0x00).writeByte(2).writeByte(0x11).writeByte(3).writeByte(0x11);
        jpeg.writeByte(0).writeByte(63).writeByte(0);
        jpeg.writeBytes(data);
        int length = data.writerIndex();
        // Some senders keep the EOI marker in the last packet.
        if (length < 2 || data.getUnsignedShort(length - 2) != 0xFFD9) {
            jpeg.writeShort(0xFFD9);
        }
        data.release();
        return jpeg;
    }

    /** Writes one DQT segment per table; returns the table the chroma components use. */
    private int writeQuantizationTables(ByteBuf jpeg) {
        int count = 0;
        for (int offset = 0; offset < tables.length; count++) {
            int size = (precision >> count & 1) != 0 ? 128 : 64;
            jpeg.writeShort(0xFFDB).writeShort(3 + size).writeByte((size == 128 ? 0x10 : 0) | count);
            jpeg.writeBytes(tables, offset, size);
            offset += size;
        }
        // With a single table, chroma shares the luma table.
        return count > 1 ? 1 : 0;
    }
}
