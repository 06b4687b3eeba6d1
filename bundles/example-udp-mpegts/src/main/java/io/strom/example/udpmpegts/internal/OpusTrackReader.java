package io.strom.example.udpmpegts.internal;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Format;
import io.strom.codec.Fmtp;

/**
 * Opus in MPEG-TS (private data with an {@code Opus} registration descriptor): a PES payload
 * holds one or more Opus packets, each behind an {@code opus_control_header}: an 11-bit prefix
 * 0x3FF, flags for start trim, end trim and a control extension, the packet size as a run of 0xFF
 * bytes plus a final byte, then the optional fields the flags announce. The access units are the
 * Opus packets, sliced without copying; their durations (from each packet's TOC byte, RFC 6716
 * 3.1) give the timestamps of packets after the first. The trims only matter to a decoder at the
 * very start and end of a file, so they are skipped.
 */
final class OpusTrackReader implements TrackReader {

    /** Opus always runs at 48 kHz in RTP (RFC 7587). */
    private static final int CLOCK_RATE = 48000;
    private static final int[] SILK_SAMPLES = {480, 960, 1920, 2880};
    private static final int[] HYBRID_SAMPLES = {480, 960};
    private static final int[] CELT_SAMPLES = {120, 240, 480, 960};

    private final Format format;

    /** @param channels from the PMT's extension descriptor; 0 (not given) is read as stereo */
    OpusTrackReader(int payloadType, int channels) {
        this.format = Fmtp.opus(payloadType, channels == 0 ? 2 : channels);
    }

    @Override
    public Format format() {
        return format;
    }

    @Override
    public boolean read(ByteBuf payload, long pts, long dts, AccessUnits out) {
        int pos = payload.readerIndex();
        int end = payload.writerIndex();
        long time = pts * CLOCK_RATE / 90000;
        while (pos < end) {
            if (end - pos < 3 || payload.getUnsignedShort(pos) >> 5 != 0x3FF) {
                return false;
            }
            int flags = payload.getUnsignedByte(pos + 1);
            pos += 2;
            int size = 0;
            int b;
            do {
                if (pos >= end) {
                    return false;
                }
                b = payload.getUnsignedByte(pos++);
                size += b;
            } while (b == 0xFF);
            pos += ((flags & 0x10) != 0 ? 2 : 0) + ((flags & 0x08) != 0 ? 2 : 0);
            if ((flags & 0x04) != 0 && pos < end) {
                pos += 1 + payload.getUnsignedByte(pos);
            }
            if (size == 0 || pos + size > end) {
                return false;
            }
            out.accept(payload.retainedSlice(pos, size), time, time, true);
            time += samples(payload, pos, size);
            pos += size;
        }
        return true;
    }

    /** The packet's duration at 48 kHz: frames per packet times samples per frame, from the TOC byte. */
    static int samples(ByteBuf packet, int pos, int size) {
        int toc = packet.getUnsignedByte(pos);
        int config = toc >> 3;
        int perFrame = config < 12 ? SILK_SAMPLES[config & 3]
                : config < 16 ? HYBRID_SAMPLES[config & 1]
                : CELT_SAMPLES[config & 3];
        int frames = switch (toc & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> size >= 2 ? packet.getUnsignedByte(pos + 1) & 0x3F : 0;
        };
        return perFrame * frames;
    }
}
