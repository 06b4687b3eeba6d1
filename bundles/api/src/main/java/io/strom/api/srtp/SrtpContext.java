package io.strom.api.srtp;

import io.netty.buffer.ByteBuf;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The keys and replay/rollover state of one direction of one SRTP session. Not thread-safe: use
 * it from the session's event loop.
 */
@ConsumerType
public interface SrtpContext {

    /**
     * Protects an RTP packet in place: encrypts the payload and appends the tag. The buffer
     * needs {@link SrtpCipherSuite#overhead()} writable bytes. A sequence number may be protected
     * again only for a retransmission of the identical packet, which yields the identical bytes.
     */
    void protectRtp(ByteBuf packet) throws SrtpException;

    /** Authenticates and decrypts an SRTP packet in place, removing the tag; rejects replays. */
    void unprotectRtp(ByteBuf packet) throws SrtpException;

    /** Protects an RTCP compound packet in place (adds E-flag/index and tag). */
    void protectRtcp(ByteBuf packet) throws SrtpException;

    /** Authenticates and decrypts an SRTCP packet in place. */
    void unprotectRtcp(ByteBuf packet) throws SrtpException;
}
