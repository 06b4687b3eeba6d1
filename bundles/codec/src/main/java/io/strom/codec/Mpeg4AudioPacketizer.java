package io.strom.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Writes raw AAC access units as RFC 3640 (MPEG4-GENERIC) payloads: one AU per packet, with a
 * single AU header (its size, AU-Index 0), or, when it does not fit the packet budget, as
 * fragments that each repeat the header with the whole AU's size. The marker bit is set on every
 * packet that ends an AU, as the RFC asks.
 *
 * <p>The header field widths come from the format's fmtp, so packets match the SDP that
 * announces them (AAC-hbr: a 13-bit size and a 3-bit index, two bytes).
 */
public final class Mpeg4AudioPacketizer extends RtpPacketizer {

    private final int sizeLength;
    private final int headerBits;
    private final int headerBytes;

    public Mpeg4AudioPacketizer(Options options, Mpeg4AudioConfig config) {
        super(options);
        Objects.requireNonNull(config, "config");
        this.sizeLength = config.sizeLength();
        this.headerBits = config.sizeLength() + config.indexLength();
        this.headerBytes = (headerBits + 7) / 8;
    }

    /** Refuses empty AUs and AUs too large for the AU-size field. */
    @Override
    public boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink) {
        int size = accessUnit.readableBytes();
        if (size == 0 || size >= 1 << sizeLength) {
            return false;
        }
        int room = maxPayloadSize() - 2 - headerBytes;
        int position = accessUnit.readerIndex();
        int remaining = size;
        while (remaining > 0) {
            int chunk = Math.min(room, remaining);
            ByteBuf packet = startPacket(rtpTimestamp, chunk == remaining, 2 + headerBytes + chunk);
            packet.writeShort(headerBits);
            // The size sits in the header's top bits; the AU-Index below it stays 0, padding too.
            long header = (long) size << (headerBytes * 8 - sizeLength);
            for (int i = headerBytes - 1; i >= 0; i--) {
                packet.writeByte((int) (header >>> (8 * i)));
            }
            packet.writeBytes(accessUnit, position, chunk);
            position += chunk;
            remaining -= chunk;
            sink.accept(packet);
        }
        return true;
    }
}
