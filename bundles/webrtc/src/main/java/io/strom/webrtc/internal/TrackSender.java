package io.strom.webrtc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.ice.IceTransport;
import io.strom.api.nack.RetransmissionBuffer;
import io.strom.api.srtp.SrtpContext;
import io.strom.api.srtp.SrtpException;
import io.strom.codec.RtpPackets;
import io.strom.codec.SenderReports;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends one stream track to one WebRTC peer: each shared RTP packet of the stream is copied once
 * into a pooled buffer with this peer's header (payload type, SSRC, sequence number; CSRCs and
 * header extensions dropped, since the peer negotiated neither), protected in place and handed to
 * ICE. The retransmission buffer keeps a reference to the shared packet, not a copy, and a NACK
 * re-writes and re-protects it. Used on the session's event loop only.
 */
final class TrackSender {

    private final int track;
    private final int payloadType;
    final long ssrc;
    private final SrtpContext srtp;
    private final int overhead;
    private final RetransmissionBuffer retransmissions;
    private final SenderReports reports;
    private final byte[] parameterSets;
    private final double simulatedLoss;
    private int sequenceOffset;
    private boolean started;
    long packetsSent;
    long bytesSent;
    long retransmitted;
    long protectFailures;
    long malformed;

    TrackSender(int track, int payloadType, long ssrc, int initialSequence, SrtpContext srtp, int overhead,
                RetransmissionBuffer retransmissions, SenderReports reports, byte[] parameterSets, double simulatedLoss) {
        this.track = track;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sequenceOffset = initialSequence;
        this.srtp = srtp;
        this.overhead = overhead;
        this.retransmissions = retransmissions;
        this.reports = reports;
        this.parameterSets = parameterSets;
        this.simulatedLoss = simulatedLoss;
    }

    /** Sends a packet of the stream; {@code packet} stays the caller's (it is shared). */
    void send(ByteBuf packet, IceTransport ice, ByteBufAllocator alloc) {
        int offset = RtpPackets.payloadOffset(packet);
        if (offset < 0) {
            malformed++;
            return;
        }
        int sequence = (RtpPackets.sequenceNumber(packet) + sequenceOffset) & 0xFFFF;
        if (!started) {
            started = true;
            if (parameterSets != null) {
                sendParameterSets(sequence, RtpPackets.timestamp(packet), ice, alloc);
                sequenceOffset++;
                sequence = (sequence + 1) & 0xFFFF;
            }
        }
        if (transmit(packet, offset, RtpPackets.payloadLength(packet), sequence, ice, alloc, simulatedLoss)
                && retransmissions != null) {
            retransmissions.add(sequence, packet);
        }
    }

    /** Sends again the packet sent with {@code sequence}, if it is still buffered. */
    boolean resend(int sequence, IceTransport ice, ByteBufAllocator alloc) {
        ByteBuf packet = retransmissions == null ? null : retransmissions.get(sequence);
        if (packet == null) {
            return false;
        }
        int offset = RtpPackets.payloadOffset(packet);
        if (transmit(packet, offset, RtpPackets.payloadLength(packet), sequence, ice, alloc, 0)) {
            retransmitted++;
            return true;
        }
        return false;
    }

    private boolean transmit(ByteBuf packet, int offset, int length, int sequence, IceTransport ice, ByteBufAllocator alloc,
                             double loss) {
        ByteBuf out = alloc.directBuffer(RtpPackets.HEADER_SIZE + length + overhead);
        writeHeader(out, RtpPackets.marker(packet), sequence, RtpPackets.timestamp(packet));
        out.writeBytes(packet, packet.readerIndex() + offset, length);
        if (loss > 0 && ThreadLocalRandom.current().nextDouble() < loss) {
            reports.sent(track, out); // counted as sent, as a packet lost on the way would be
            out.release();
            return true;
        }
        return protectAndSend(out, ice);
    }

    private void sendParameterSets(int sequence, long timestamp, IceTransport ice, ByteBufAllocator alloc) {
        ByteBuf out = alloc.directBuffer(RtpPackets.HEADER_SIZE + parameterSets.length + overhead);
        writeHeader(out, false, sequence, timestamp);
        out.writeBytes(parameterSets);
        protectAndSend(out, ice);
    }

    private void writeHeader(ByteBuf out, boolean marker, int sequence, long timestamp) {
        out.writeByte(0x80);
        out.writeByte((marker ? 0x80 : 0) | payloadType);
        out.writeShort(sequence);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
    }

    private boolean protectAndSend(ByteBuf out, IceTransport ice) {
        reports.sent(track, out);
        int size = out.readableBytes();
        try {
            srtp.protectRtp(out);
        } catch (SrtpException e) {
            out.release();
            protectFailures++;
            return false;
        }
        packetsSent++;
        bytesSent += size;
        ice.send(out);
        return true;
    }

    SrtpContext srtpContext() {
        return srtp;
    }

    /** Releases the retransmission buffer. */
    void close() {
        if (retransmissions != null) {
            retransmissions.close();
        }
    }
}
