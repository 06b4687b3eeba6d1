package io.strom.example.udpmpegts.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.Format;

/**
 * Turns the PES payloads of one elementary stream into access units in the layout the
 * {@code codec} bundle defines ({@link io.strom.codec.RtpFormats}), and learns the stream's
 * {@link Format} from the stream itself: MPEG-TS has no SDP, so parameter sets, sample rates and
 * channel counts come from the first frames. Used by one thread.
 */
interface TrackReader {

    /** Receives access units. */
    @FunctionalInterface
    interface AccessUnits {

        /**
         * One access unit; the sink takes ownership of it.
         *
         * @param pts presentation time in the track's clock rate
         * @param dts decoding time in the track's clock rate
         */
        void accept(ByteBuf accessUnit, long pts, long dts, boolean randomAccess);
    }

    /** The format, once the stream has shown enough of itself; {@code null} until then. */
    Format format();

    /**
     * Reads one PES payload.
     *
     * @param payload borrowed
     * @param pts     presentation time in 90 kHz, unwrapped (never goes back at the 33-bit wrap)
     * @param dts     decoding time in 90 kHz, unwrapped
     * @return false when the payload was malformed (what could be read was still emitted)
     */
    boolean read(ByteBuf payload, long pts, long dts, AccessUnits out);

    /** A reader for the stream; its format will carry {@code payloadType}. */
    static TrackReader of(ElementaryStream stream, int payloadType, ByteBufAllocator alloc) {
        return switch (stream.codec()) {
            case "H264" -> NalTrackReader.h264(payloadType, alloc);
            case "H265" -> NalTrackReader.h265(payloadType, alloc);
            case "MPEG-4 Audio" -> new AdtsTrackReader(payloadType);
            case "Opus" -> new OpusTrackReader(payloadType, stream.channels());
            default -> throw new IllegalArgumentException("no reader for " + stream.codec());
        };
    }
}
