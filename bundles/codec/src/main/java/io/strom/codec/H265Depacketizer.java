package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.Format;

/**
 * Turns H265 RTP packets (RFC 7798: single NAL unit, aggregation and fragmentation units) into
 * access units in the AVCC layout described in {@link RtpFormats}.
 *
 * <p>Only streams without decoding order numbers are supported: when the fmtp announces a
 * {@code sprop-max-don-diff} above 0, every packet carries DONL/DOND fields this class does not
 * read, so every packet is counted as dropped. PACI packets (type 50) are counted as dropped with
 * their access unit. VPS, SPS and PPS come from the fmtp {@code sprop-vps}, {@code sprop-sps} and
 * {@code sprop-pps} and are replaced by in-band ones as they arrive; an IRAP access unit without
 * them gets the latest known ones, so every keyframe is decodable on its own.
 */
public final class H265Depacketizer extends NalDepacketizer {

    static final int NAL_VPS = 32;
    static final int NAL_SPS = 33;
    static final int NAL_PPS = 34;
    static final int NAL_AUD = 35;
    static final int AP = 48;
    static final int FU = 49;

    private final boolean decodingOrderNumbers;

    public H265Depacketizer(Format format, ByteBufAllocator allocator) {
        super(allocator, 2, NAL_VPS, NAL_SPS, NAL_PPS);
        learnParameterSets(parameter(format, "sprop-vps"));
        learnParameterSets(parameter(format, "sprop-sps"));
        learnParameterSets(parameter(format, "sprop-pps"));
        decodingOrderNumbers = maxDonDiff(parameter(format, "sprop-max-don-diff")) != 0;
    }

    private static int maxDonDiff(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            // An unreadable value may hide DONL fields: refuse rather than misparse.
            return -1;
        }
    }

    @Override
    boolean unsupported() {
        return decodingOrderNumbers;
    }

    @Override
    int nalType(ByteBuf buf, int index) {
        return (buf.getByte(index) >> 1) & 0x3F;
    }

    /** IRAP pictures: BLA, IDR and CRA (types 16 to 21). */
    @Override
    boolean isRandomAccess(int nalType) {
        return nalType >= 16 && nalType <= 21;
    }

    @Override
    int delimiterType() {
        return NAL_AUD;
    }

    @Override
    boolean parsePayload(ByteBuf packet, int offset, int length) {
        if (length < 2) {
            return false;
        }
        int type = nalType(packet, offset);
        if (type < AP) {
            return single(packet, offset, length);
        }
        if (type == AP) {
            return aggregate(packet, offset + 2, offset + length);
        }
        if (type == FU && length >= 3) {
            int b0 = packet.getUnsignedByte(offset);
            int b1 = packet.getUnsignedByte(offset + 1);
            int fu = packet.getUnsignedByte(offset + 2);
            // The payload header keeps the original F bit, layer and temporal id; the FU header its type.
            int header = ((b0 & 0x81) | ((fu & 0x3F) << 1)) << 8 | b1;
            return fragment((fu & 0x80) != 0, (fu & 0x40) != 0, header, packet, offset + 3, length - 3);
        }
        return false;
    }
}
