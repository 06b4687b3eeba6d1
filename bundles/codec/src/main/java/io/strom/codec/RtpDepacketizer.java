package io.strom.codec;

import io.netty.buffer.ByteBuf;

/**
 * Turns the RTP packets of one track into access units (one instance per track, used by one
 * thread at a time).
 *
 * <p>Malformed payloads, and fragments whose predecessor was lost (a gap in sequence numbers),
 * drop the access unit being assembled and are counted in {@link #droppedPackets()}; no exception
 * escapes {@link #depacketize}, so a bad packet never kills a pipeline.
 */
public interface RtpDepacketizer extends AutoCloseable {

    /**
     * Reads one RTP packet and emits the access units it completes (none, one, or several for
     * aggregation formats).
     *
     * @param packet a whole RTP packet at its reader index; borrowed: neither released nor kept
     *               (the depacketizer copies or retains what it needs)
     * @param sink   receives completed access units
     */
    void depacketize(ByteBuf packet, AccessUnitSink sink);

    /** Packets dropped so far: malformed, or part of an access unit broken by loss. */
    long droppedPackets();

    /** Releases a partly assembled access unit, if any. */
    @Override
    void close();
}
