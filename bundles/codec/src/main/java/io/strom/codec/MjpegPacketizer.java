package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Splits baseline JPEG images into RTP packets (RFC 2435): the JPEG headers are parsed and
 * replaced by the RTP/JPEG header (type 1 for 4:2:0 sampling, type 0 for 4:2:2, plus 64 with
 * restart markers), the quantization tables travel in band in the first packet (Q = 255), and
 * the scan is split at fragment offsets.
 *
 * <p>Only images a receiver can rebuild are accepted: 8-bit baseline, three components, sizes
 * in multiples of 8 up to 2040, a single scan, and the standard Huffman tables (or none).
 */
public final class MjpegPacketizer extends RtpPacketizer {

    private static final int MAIN_HEADER_SIZE = 8;
    private static final int RESTART_HEADER_SIZE = 4;
    private static final int TABLE_HEADER_SIZE = 4;
    private static final int MAX_DIMENSION = 2040;
    private static final int MAX_FRAGMENT_OFFSET = 0xFFFFFF;

    /** What the JPEG headers say, as far as RTP/JPEG can carry it. */
    private static final class Image {
        final int[] tableIndex = new int[4];
        final int[] tableSize = new int[4];
        int width;
        int height;
        int lumaSampling;
        int lumaTable = -1;
        int chromaTable = -1;
        int restartInterval;
        int scanStart = -1;
        int scanEnd = -1;
    }

    public MjpegPacketizer(Options options) {
        super(options);
    }

    @Override
    public boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink) {
        Image image = parse(accessUnit);
        if (image == null) {
            return false;
        }
        int type = (image.lumaSampling == 0x22 ? 1 : 0) | (image.restartInterval > 0 ? 64 : 0);
        int headerSize = MAIN_HEADER_SIZE + (image.restartInterval > 0 ? RESTART_HEADER_SIZE : 0);
        int tablesSize = image.tableSize[image.lumaTable] + image.tableSize[image.chromaTable];
        int firstHeaderSize = headerSize + TABLE_HEADER_SIZE + tablesSize;
        int scanLength = image.scanEnd - image.scanStart;
        if (firstHeaderSize >= maxPayloadSize() || scanLength > MAX_FRAGMENT_OFFSET) {
            return false;
        }
        int offset = 0;
        boolean last;
        do {
            boolean first = offset == 0;
            int size = Math.min(scanLength - offset, maxPayloadSize() - (first ? firstHeaderSize : headerSize));
            last = offset + size == scanLength;
            ByteBuf packet = startPacket(rtpTimestamp, last, (first ? firstHeaderSize : headerSize) + size);
            packet.writeByte(0).writeMedium(offset).writeByte(type).writeByte(255)
                    .writeByte(image.width / 8).writeByte(image.height / 8);
            if (image.restartInterval > 0) {
                // F and L set with count 0x3FFF: fragments are not aligned to restart intervals.
                packet.writeShort(image.restartInterval).writeShort(0xFFFF);
            }
            if (first) {
                int precision = (image.tableSize[image.lumaTable] == 128 ? 1 : 0)
                        | (image.tableSize[image.chromaTable] == 128 ? 2 : 0);
                packet.writeByte(0).writeByte(precision).writeShort(tablesSize);
                packet.writeBytes(accessUnit, image.tableIndex[image.lumaTable], image.tableSize[image.lumaTable]);
                packet.writeBytes(accessUnit, image.tableIndex[image.chromaTable], image.tableSize[image.chromaTable]);
            }
            packet.writeBytes(accessUnit, image.scanStart + offset, size);
            offset += size;
            sink.accept(packet);
        } while (!last);
        return true;
    }

    /** Reads the JPEG's headers up to the end of its scan; null when RTP/JPEG cannot carry it. */
    private static Image parse(ByteBuf jpeg) {
        int position = jpeg.readerIndex();
        int end = jpeg.writerIndex();
        if (end - position < 4 || jpeg.getUnsignedShort(position) != 0xFFD8) {
            return null;
        }
        position += 2;
        Image image = new Image();
        while (image.scanStart < 0) {
            if (end - position < 4 || jpeg.getUnsignedByte(position) != 0xFF) {
                return null;
            }
            int marker = jpeg.getUnsignedByte(position + 1);
            if (marker == 0xFF) { // fill byte
                position++;
                continue;
            }
            int length = jpeg.getUnsignedShort(position + 2);
            int segment = position + 4;
            int segmentEnd = position + 2 + length;
            if (length < 2 || segmentEnd > end) {
                return null;
            }
            boolean ok = switch (marker) {
                case 0xDB -> readQuantizationTables(jpeg, segment, segmentEnd, image);
                case 0xC0 -> readFrameHeader(jpeg, segment, segmentEnd, image);
                case 0xC4 -> readHuffmanTables(jpeg, segment, segmentEnd);
                case 0xDD -> readRestartInterval(jpeg, segment, segmentEnd, image);
                case 0xDA -> readScanHeader(jpeg, segment, segmentEnd, image);
                // Other frame types (progressive, arithmetic, lossless), DNL, and markers without
                // a length cannot come here.
                case 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xDC,
                        0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9 -> false;
                default -> marker >= 0xC0; // APPn, COM and the like are skipped
            };
            if (!ok) {
                return null;
            }
            position = segmentEnd;
        }
        image.scanEnd = scanEnd(jpeg, image.scanStart, end);
        return image.scanEnd < 0 || image.lumaTable < 0 || image.tableSize[image.lumaTable] == 0
                || image.tableSize[image.chromaTable] == 0 ? null : image;
    }

    /** Where the entropy-coded data ends (at EOI), or -1 if another marker or the end comes first. */
    private static int scanEnd(ByteBuf jpeg, int position, int end) {
        for (int i = position; i < end - 1; i++) {
            if (jpeg.getUnsignedByte(i) == 0xFF) {
                int next = jpeg.getUnsignedByte(i + 1);
                if (next == 0xD9) {
                    return i;
                }
                // In the scan, 0xFF is followed only by a stuffed zero or a restart marker.
                if (next != 0 && (next < 0xD0 || next > 0xD7)) {
                    return -1;
                }
                i++;
            }
        }
        return -1;
    }

    private static boolean readQuantizationTables(ByteBuf jpeg, int position, int end, Image image) {
        while (position < end) {
            int info = jpeg.getUnsignedByte(position);
            int size = (info >> 4) == 0 ? 64 : 128;
            if (info >> 4 > 1 || (info & 0x0F) > 3 || position + 1 + size > end) {
                return false;
            }
            image.tableIndex[info & 0x0F] = position + 1;
            image.tableSize[info & 0x0F] = size;
            position += 1 + size;
        }
        return true;
    }

    private static boolean readFrameHeader(ByteBuf jpeg, int position, int end, Image image) {
        if (end - position != 15 || jpeg.getUnsignedByte(position) != 8 || jpeg.getUnsignedByte(position + 5) != 3) {
            return false;
        }
        image.height = jpeg.getUnsignedShort(position + 1);
        image.width = jpeg.getUnsignedShort(position + 3);
        image.lumaSampling = jpeg.getUnsignedByte(position + 7);
        image.lumaTable = jpeg.getUnsignedByte(position + 8);
        image.chromaTable = jpeg.getUnsignedByte(position + 11);
        boolean chromaMatches = jpeg.getUnsignedByte(position + 10) == 0x11 && jpeg.getUnsignedByte(position + 13) == 0x11
                && jpeg.getUnsignedByte(position + 14) == image.chromaTable;
        return chromaMatches && (image.lumaSampling == 0x21 || image.lumaSampling == 0x22)
                && image.lumaTable < 4 && image.chromaTable < 4
                && image.width > 0 && image.height > 0 && image.width % 8 == 0 && image.height % 8 == 0
                && image.width <= MAX_DIMENSION && image.height <= MAX_DIMENSION;
    }

    /** Accepts only the standard tables, which the receiver regenerates. */
    private static boolean readHuffmanTables(ByteBuf jpeg, int position, int end) {
        while (position < end) {
            int length = JpegTables.standardHuffmanTableLength(jpeg, position, end);
            if (length < 0) {
                return false;
            }
            position += length;
        }
        return true;
    }

    private static boolean readRestartInterval(ByteBuf jpeg, int position, int end, Image image) {
        if (end - position != 2) {
            return false;
        }
        image.restartInterval = jpeg.getUnsignedShort(position);
        return true;
    }

    /** Accepts one interleaved scan of all three components with the receiver's table choices. */
    private static boolean readScanHeader(ByteBuf jpeg, int position, int end, Image image) {
        if (end - position != 10 || jpeg.getUnsignedByte(position) != 3
                || jpeg.getUnsignedByte(position + 2) != 0x00
                || jpeg.getUnsignedByte(position + 4) != 0x11
                || jpeg.getUnsignedByte(position + 6) != 0x11
                || jpeg.getUnsignedByte(position + 7) != 0 || jpeg.getUnsignedByte(position + 8) != 63
                || jpeg.getUnsignedByte(position + 9) != 0) {
            return false;
        }
        image.scanStart = end;
        return true;
    }
}
