package io.strom.webrtc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.strom.api.ice.IceCandidate;
import io.strom.api.ice.IceTransport;
import io.strom.webrtc.internal.dtls.DtlsFingerprint;
import io.strom.webrtc.internal.dtls.DtlsListener;
import io.strom.webrtc.internal.dtls.DtlsResult;
import io.strom.webrtc.internal.dtls.DtlsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The secure transport of one WebRTC session, reading (WHEP) or publishing (WHIP): ICE with the
 * session's ICE service, then a DTLS handshake as server, then SRTP and SRTCP datagrams told
 * apart from DTLS by their first byte (RFC 7983). ICE and DTLS call back on their own threads;
 * keys and SRTP packets are handed to the session on its event loop.
 */
final class PeerTransport implements IceTransport.Listener {

    /** What the session hears from its transport. */
    interface Events {
        /** DTLS is done and these are the SRTP keys; on the session's loop. */
        void onKeys(DtlsResult keys);

        /** An SRTP or SRTCP packet, still protected; on the session's loop; takes ownership. */
        void onSrtp(ByteBuf packet);

        /** ICE or DTLS failed, or the peer closed; any thread. */
        void onEnded(String reason);
    }

    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final WebRtcCounters counters;
    private final Events events;
    private final DtlsServer dtls;
    private final IceTransport ice;
    private volatile boolean closed;
    private volatile InetSocketAddress remote;
    private volatile long bytesReceived;

    PeerTransport(WebRtcServer server, SessionServices services, OfferSdp.Section first, EventLoop loop,
                  WebRtcCounters counters, Events events) throws IOException {
        this.loop = loop;
        this.alloc = server.allocator();
        this.counters = counters;
        this.events = events;
        this.dtls = new DtlsServer(server.certificate(), services.profileIds(), peerFingerprint(first), this::sendDtls,
                server.handshakeExecutor(), Duration.ofMillis(server.handshakeTimeoutMillis()), new DtlsEvents());
        this.ice = services.ice().create(this);
    }

    /** The offer's {@code a=fingerprint:<algorithm> <value>}; IllegalArgumentException (400) when malformed. */
    private static DtlsFingerprint peerFingerprint(OfferSdp.Section section) {
        String[] parts = section.fingerprint().strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("malformed fingerprint: " + section.fingerprint());
        }
        return DtlsFingerprint.parse(parts[0], parts[1]);
    }

    IceTransport ice() {
        return ice;
    }

    /** Starts ICE with the offer's credentials and candidates. */
    void start(OfferSdp.Section first) {
        ice.start(first.ice(), first.candidates());
    }

    /** A trickled candidate from a PATCH. */
    void addRemoteCandidate(IceCandidate candidate) {
        ice.addRemoteCandidate(candidate);
    }

    /** Sends a protected packet; takes ownership. */
    void send(ByteBuf packet) {
        ice.send(packet);
    }

    InetSocketAddress remote() {
        return remote;
    }

    long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public void onConnected(InetSocketAddress remote) {
        this.remote = remote;
        dtls.start();
    }

    @Override
    public void onDatagram(ByteBuf datagram) {
        if (!datagram.isReadable() || closed) {
            return;
        }
        bytesReceived += datagram.readableBytes();
        int first = datagram.getUnsignedByte(datagram.readerIndex());
        if (first >= 20 && first <= 63) {
            dtls.receive(datagram);
        } else if (first >= 128 && first <= 191) {
            ByteBuf copy = alloc.directBuffer(datagram.readableBytes()).writeBytes(datagram, datagram.readerIndex(),
                    datagram.readableBytes());
            loop.execute(() -> events.onSrtp(copy));
        } else {
            counters.garbageDatagrams.increment();
        }
    }

    private void sendDtls(byte[] data, int offset, int length) {
        ice.send(alloc.directBuffer(length).writeBytes(data, offset, length));
    }

    @Override
    public void onFailed(String reason) {
        events.onEnded("ICE failed: " + reason);
    }

    /** DTLS events; they arrive on the handshake thread or on the ICE thread. */
    private final class DtlsEvents implements DtlsListener {
        @Override
        public void onHandshakeComplete(DtlsResult result) {
            loop.execute(() -> events.onKeys(result));
        }

        @Override
        public void onFailed(String reason) {
            counters.dtlsFailures.increment();
            events.onEnded("DTLS failed: " + reason);
        }

        @Override
        public void onClosed() {
            events.onEnded("closed by the peer (DTLS close_notify)");
        }
    }

    /** Ends DTLS and ICE; idempotent, any thread. */
    void close() {
        closed = true;
        dtls.close();
        ice.close();
    }
}
