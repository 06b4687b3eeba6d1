package io.strom.rtmp.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1), what an FLV AVC sequence header
 * carries: the SPS and PPS lists and the size of the NAL unit lengths in the frames.
 *
 * <p>The chroma and bit-depth fields that High profiles may append are neither read nor
 * written: decoders take them from the SPS, and many muxers leave them out.
 *
 * @param sps        the sequence parameter sets, NAL units without start codes, at least one
 * @param pps        the picture parameter sets, at least one
 * @param lengthSize bytes of each NAL unit length in the frames, 1 to 4
 */
record AvcConfig(List<byte[]> sps, List<byte[]> pps, int lengthSize) {

    /** Reads a record from the reader index to the end. */
    static AvcConfig parse(ByteBuf in) throws FlvException {
        FlvTags.need(in, 6, "AVCDecoderConfigurationRecord");
        int version = in.readUnsignedByte();
        if (version != 1) {
            throw new FlvException("AVCDecoderConfigurationRecord version " + version + " is not 1");
        }
        in.skipBytes(3); // profile, compatibility and level: the SPS has them
        int lengthSize = (in.readUnsignedByte() & 0x03) + 1;
        List<byte[]> sps = readSets(in, in.readUnsignedByte() & 0x1F, "SPS");
        FlvTags.need(in, 1, "AVCDecoderConfigurationRecord PPS count");
        List<byte[]> pps = readSets(in, in.readUnsignedByte(), "PPS");
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new FlvException("AVCDecoderConfigurationRecord has " + sps.size() + " SPS and " + pps.size() + " PPS");
        }
        return new AvcConfig(sps, pps, lengthSize);
    }

    /** Reads {@code count} parameter sets, each preceded by a 16-bit length. */
    static List<byte[]> readSets(ByteBuf in, int count, String what) throws FlvException {
        List<byte[]> sets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            FlvTags.need(in, 2, what + " length");
            int length = in.readUnsignedShort();
            if (length == 0) {
                throw new FlvException("empty " + what);
            }
            sets.add(FlvTags.bytes(in, length, what));
        }
        return sets;
    }

    /** Writes a record with 4-byte NAL unit lengths for one SPS (of at least 4 bytes) and one PPS. */
    static void write(ByteBuf out, byte[] sps, byte[] pps) {
        out.writeByte(1);
        out.writeBytes(sps, 1, 3); // profile_idc, constraint flags, level_idc
        out.writeByte(0xFC | 3);
        out.writeByte(0xE0 | 1);
        out.writeShort(sps.length).writeBytes(sps);
        out.writeByte(1);
        out.writeShort(pps.length).writeBytes(pps);
    }
}
