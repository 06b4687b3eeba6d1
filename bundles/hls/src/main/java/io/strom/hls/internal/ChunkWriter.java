package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;

/**
 * Writes timed samples of one video and one audio track into the bytes of a container, one
 * chunk at a time: a chunk is an LL-HLS part (fMP4) or the stretch of a segment between two cut
 * points (MPEG-TS). A segment is its chunks concatenated. Used by its {@link Cutter} only.
 */
interface ChunkWriter extends AutoCloseable {

    /** The initialization segment, or null when the container has none (MPEG-TS). Owned by the writer. */
    ByteBuf init();

    /**
     * Adds a sample whose duration is known.
     *
     * @param video    whether it belongs to the video track (else the audio track)
     * @param au       the access unit, borrowed (the writer retains what it keeps)
     * @param dts      decoding time in the track's clock, from the stream's start (0 or more)
     * @param ptsDelta presentation minus decoding time, in the track's clock
     * @param duration ticks until the track's next sample
     * @param sync     whether a decoder can start here
     */
    void add(boolean video, ByteBuf au, long dts, int ptsDelta, int duration, boolean sync);

    /** The samples added since the last call as one chunk, or null when there were none; the caller owns it. */
    ByteBuf flush();

    /** Whether the samples added since the last flush begin with a video sync sample (or there is no video). */
    boolean independent();

    /** The next chunk starts a segment (MPEG-TS repeats its tables there). */
    void startSegment();

    /** Releases what the writer holds. */
    @Override
    void close();
}
