package io.strom.api.ice;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One peer connection's ICE transport (RTP and RTCP multiplexed on one component). It carries
 * the DTLS and SRTP datagrams once connected.
 */
@ConsumerType
public interface IceTransport extends AutoCloseable {

    /** This side's credentials, for the SDP answer. */
    IceCredentials localCredentials();

    /** This side's candidates, for the SDP answer. */
    List<IceCandidate> localCandidates();

    /** Whether this side is ICE-lite ({@code a=ice-lite} in the answer). */
    boolean isLite();

    /**
     * Starts connectivity establishment.
     *
     * @param remote           the peer's credentials
     * @param remoteCandidates candidates from the offer (more may come through {@link #addRemoteCandidate})
     */
    void start(IceCredentials remote, List<IceCandidate> remoteCandidates);

    /** A trickled remote candidate. */
    void addRemoteCandidate(IceCandidate candidate);

    /** Sends one datagram on the selected pair; takes ownership of {@code datagram}. Dropped before connection. */
    void send(ByteBuf datagram);

    /** Releases sockets and timers. Idempotent. */
    @Override
    void close();

    /** Events of one transport; called on the transport's thread, must not block. */
    interface Listener {

        /** A pair was selected; media can flow. */
        void onConnected(InetSocketAddress remote);

        /** A non-STUN datagram (DTLS, SRTP, SRTCP); borrowed. */
        void onDatagram(ByteBuf datagram);

        /** Connectivity failed or consent expired; the transport is unusable. */
        void onFailed(String reason);
    }
}
