package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.Format;

/**
 * Turns H264 RTP packets (RFC 6184: single NAL unit, STAP-A and FU-A, i.e. packetization modes 0
 * and 1) into access units in the AVCC layout described in {@link RtpFormats}.
 *
 * <p>STAP-B, MTAP and FU-B exist only in the interleaved mode, which no common sender uses; such
 * packets are counted as dropped along with their access unit. SPS and PPS come from the fmtp
 * {@code sprop-parameter-sets} and are replaced by in-band ones as they arrive; an IDR access unit
 * without them gets the latest known ones, so every keyframe is decodable on its own.
 */
public final class H264Depacketizer extends NalDepacketizer {

    private static final int NAL_AUD = 9;

    public H264Depacketizer(Format format, ByteBufAllocator allocator) {
        super(allocator, 1, H264Payloads.NAL_SPS, H264Payloads.NAL_PPS);
        learnParameterSets(parameter(format, "sprop-parameter-sets"));
    }

    @Override
    int nalType(ByteBuf buf, int index) {
        return buf.getByte(index) & 0x1F;
    }

    @Override
    boolean isRandomAccess(int nalType) {
        return nalType == H264Payloads.NAL_IDR;
    }

    @Override
    int delimiterType() {
        return NAL_AUD;
    }

    @Override
    boolean parsePayload(ByteBuf packet, int offset, int length) {
        if (length < 1) {
            return false;
        }
        int type = nalType(packet, offset);
        if (type >= 1 && type <= 23) {
            return single(packet, offset, length);
        }
        if (type == H264Payloads.STAP_A) {
            return aggregate(packet, offset + 1, offset + length);
        }
        if (type == H264Payloads.FU_A && length >= 2) {
            int indicator = packet.getByte(offset);
            int fu = packet.getByte(offset + 1);
            // The FU indicator keeps the original F and NRI bits; the FU header its type.
            int header = (indicator & 0xE0) | (fu & 0x1F);
            return fragment((fu & 0x80) != 0, (fu & 0x40) != 0, header, packet, offset + 2, length - 2);
        }
        return false;
    }
}
