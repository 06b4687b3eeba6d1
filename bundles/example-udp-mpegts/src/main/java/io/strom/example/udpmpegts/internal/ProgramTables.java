package io.strom.example.udpmpegts.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the two PSI tables a receiver needs (ISO/IEC 13818-1, 2.4.4): the program association
 * table (which PID carries the program map) and the program map table (which PIDs carry which
 * elementary streams). Only the first program of a multi-program stream is read, as MediaMTX
 * does. A section whose CRC does not match is refused, so a damaged or forged datagram cannot
 * re-route the demuxer.
 */
final class ProgramTables {

    static final int TABLE_PAT = 0x00;
    static final int TABLE_PMT = 0x02;

    private static final int STREAM_TYPE_AAC_ADTS = 0x0F;
    private static final int STREAM_TYPE_H264 = 0x1B;
    private static final int STREAM_TYPE_H265 = 0x24;
    private static final int STREAM_TYPE_PRIVATE = 0x06;
    private static final int DESCRIPTOR_REGISTRATION = 0x05;
    private static final int DESCRIPTOR_EXTENSION = 0x7F;
    private static final int EXTENSION_OPUS_CHANNELS = 0x80;
    /** "Opus" in ASCII: the format_identifier of the registration descriptor that marks Opus in TS. */
    private static final int OPUS_FORMAT_ID = 0x4F707573;

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            CRC_TABLE[i] = c;
        }
    }

    private ProgramTables() {
    }

    /**
     * The length of the complete section at {@code start}, table header and CRC included, or -1
     * when the section is longer than the bytes available (it continues in a later packet).
     */
    static int sectionLength(ByteBuf buf, int start, int available) {
        if (available < 3) {
            return -1;
        }
        int length = 3 + (buf.getUnsignedShort(start + 1) & 0x0FFF);
        return length <= available ? length : -1;
    }

    /** Whether the section's CRC-32/MPEG-2 (over the whole section, CRC included) is zero, as it must be. */
    static boolean crcValid(ByteBuf buf, int start, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = start; i < start + length; i++) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ buf.getUnsignedByte(i)) & 0xFF];
        }
        return crc == 0;
    }

    /** The PMT PID of the first program in a PAT section, or -1 when there is none. */
    static int pmtPid(ByteBuf buf, int start, int length) {
        if (buf.getUnsignedByte(start) != TABLE_PAT) {
            return -1;
        }
        for (int pos = start + 8; pos + 4 <= start + length - 4; pos += 4) {
            int program = buf.getUnsignedShort(pos);
            if (program != 0) { // program 0 points at the network information table
                return buf.getUnsignedShort(pos + 2) & 0x1FFF;
            }
        }
        return -1;
    }

    /** The PMT section's version (5 bits), which changes whenever the stream set changes. */
    static int version(ByteBuf buf, int start) {
        return (buf.getUnsignedByte(start + 5) >> 1) & 0x1F;
    }

    /**
     * The elementary streams of a PMT section that this plugin reads, in PMT order; streams of
     * other types (MPEG-2 video, AC-3, subtitles, ...) are left out.
     */
    static List<ElementaryStream> streams(ByteBuf buf, int start, int length) {
        List<ElementaryStream> streams = new ArrayList<>();
        if (buf.getUnsignedByte(start) != TABLE_PMT || length < 16) {
            return streams;
        }
        int end = start + length - 4;
        int pos = start + 12 + (buf.getUnsignedShort(start + 10) & 0x0FFF);
        while (pos + 5 <= end) {
            int type = buf.getUnsignedByte(pos);
            int pid = buf.getUnsignedShort(pos + 1) & 0x1FFF;
            int infoLength = buf.getUnsignedShort(pos + 3) & 0x0FFF;
            int info = pos + 5;
            if (info + infoLength > end) {
                break;
            }
            ElementaryStream es = stream(pid, type, buf, info, infoLength);
            if (es != null) {
                streams.add(es);
            }
            pos = info + infoLength;
        }
        return streams;
    }

    private static ElementaryStream stream(int pid, int type, ByteBuf buf, int info, int infoLength) {
        switch (type) {
            case STREAM_TYPE_H264:
                return new ElementaryStream(pid, type, "H264", 0);
            case STREAM_TYPE_H265:
                return new ElementaryStream(pid, type, "H265", 0);
            case STREAM_TYPE_AAC_ADTS:
                return new ElementaryStream(pid, type, "MPEG-4 Audio", 0);
            case STREAM_TYPE_PRIVATE:
                return opus(pid, type, buf, info, infoLength);
            default:
                return null;
        }
    }

    /** Private data is Opus when a registration descriptor says so; its channel count is in an extension descriptor. */
    private static ElementaryStream opus(int pid, int type, ByteBuf buf, int info, int infoLength) {
        boolean opus = false;
        int channels = 0;
        for (int pos = info; pos + 2 <= info + infoLength; ) {
            int tag = buf.getUnsignedByte(pos);
            int len = buf.getUnsignedByte(pos + 1);
            if (pos + 2 + len > info + infoLength) {
                break;
            }
            if (tag == DESCRIPTOR_REGISTRATION && len >= 4 && buf.getInt(pos + 2) == OPUS_FORMAT_ID) {
                opus = true;
            } else if (tag == DESCRIPTOR_EXTENSION && len >= 2 && buf.getUnsignedByte(pos + 2) == EXTENSION_OPUS_CHANNELS) {
                // channel_config_code: 1..8 is the count (mapping family 0/1); others need a mapping table we ignore.
                int code = buf.getUnsignedByte(pos + 3);
                channels = code >= 1 && code <= 8 ? code : 2;
            }
            pos += 2 + len;
        }
        return opus ? new ElementaryStream(pid, type, "Opus", channels) : null;
    }
}
