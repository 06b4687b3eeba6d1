package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Splits access units of one track into RTP packets no larger than a packet budget (one instance
 * per outgoing track, used by one thread at a time).
 *
 * <p>Subclasses write payloads; this class owns the RTP header: payload type, SSRC and a sequence
 * number that continues across access units. The budget counts the whole RTP packet, header
 * included, like MediaMTX's {@code udpMaxPayloadSize} (default {@value #DEFAULT_MAX_PACKET_SIZE}:
 * a 1500-byte Ethernet MTU less IPv4 and UDP headers).
 */
public abstract class RtpPacketizer {

    /** The default packet budget in bytes, RTP header included. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 1472;

    /** The smallest packet budget accepted: room for a header and a useful payload. */
    public static final int MIN_MAX_PACKET_SIZE = 64;

    /**
     * What every packetizer needs.
     *
     * @param allocator       allocates outgoing packets (pooled in production)
     * @param payloadType     RTP payload type, 0 to 127
     * @param ssrc            RTP SSRC (32 bits)
     * @param initialSequence the first sequence number (16 bits)
     * @param maxPacketSize   the packet budget, header included, at least {@value #MIN_MAX_PACKET_SIZE}
     */
    public record Options(ByteBufAllocator allocator, int payloadType, long ssrc, int initialSequence,
                          int maxPacketSize) {

        public Options {
            Objects.requireNonNull(allocator, "allocator");
            if (payloadType < 0 || payloadType > 127) {
                throw new IllegalArgumentException("payloadType " + payloadType + " is outside 0..127");
            }
            if (maxPacketSize < MIN_MAX_PACKET_SIZE) {
                throw new IllegalArgumentException("maxPacketSize " + maxPacketSize + " is below " + MIN_MAX_PACKET_SIZE);
            }
        }

        /** Options with the default packet budget. */
        public static Options of(ByteBufAllocator allocator, int payloadType, long ssrc, int initialSequence) {
            return new Options(allocator, payloadType, ssrc, initialSequence, DEFAULT_MAX_PACKET_SIZE);
        }
    }

    private final Options options;
    private int sequence;

    protected RtpPacketizer(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.sequence = options.initialSequence() & 0xFFFF;
    }

    /**
     * Writes one access unit as RTP packets, the marker bit set on the last for video (and as
     * each format's RFC says for audio). Invalid access units write nothing and return false.
     *
     * @param accessUnit   in the codec's layout; borrowed (its indices are left unchanged)
     * @param rtpTimestamp the RTP timestamp of every packet of this access unit
     * @param sink         receives the packets
     * @return whether the access unit was written
     */
    public abstract boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink);

    /** The sequence number the next packet will carry. */
    public final int nextSequence() {
        return sequence;
    }

    /** The largest payload one packet can carry. */
    protected final int maxPayloadSize() {
        return options.maxPacketSize() - RtpPackets.HEADER_SIZE;
    }

    /**
     * A new packet with its 12-byte header written and room for {@code payloadSize} more bytes;
     * takes the next sequence number.
     */
    protected final ByteBuf startPacket(long rtpTimestamp, boolean marker, int payloadSize) {
        ByteBuf packet = options.allocator().buffer(RtpPackets.HEADER_SIZE + payloadSize);
        packet.writeByte(0x80);
        packet.writeByte((marker ? 0x80 : 0) | options.payloadType());
        packet.writeShort(sequence);
        packet.writeInt((int) rtpTimestamp);
        packet.writeInt((int) options.ssrc());
        sequence = (sequence + 1) & 0xFFFF;
        return packet;
    }
}
