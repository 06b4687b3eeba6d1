package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Reassembles AV1 temporal units from RTP packets (the AOMedia "RTP Payload Format for AV1"):
 * each payload is an aggregation header and OBU elements, the first and last possibly fragments
 * of OBUs that span packets. The temporal unit comes out as low-overhead OBUs, each with its
 * size field, without temporal delimiters.
 *
 * <p>After a loss, packets are dropped up to and including the next marker, because nothing in
 * a packet says whether it is the first of a temporal unit.
 */
public final class Av1Depacketizer implements RtpDepacketizer {

    private static final int Z = 0x80;
    private static final int Y = 0x40;
    private static final int N = 0x08;
    private static final int OBU_SEQUENCE_HEADER = 1;
    private static final int OBU_TEMPORAL_DELIMITER = 2;

    private final ByteBufAllocator allocator;
    private final RtpSequence sequence = new RtpSequence();
    private ByteBuf unit;
    private ByteBuf fragment;
    private long unitTimestamp;
    private boolean randomAccess;
    private int unitPackets;
    private boolean waiting;
    private long dropped;

    public Av1Depacketizer(ByteBufAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    @Override
    public void depacketize(ByteBuf packet, AccessUnitSink sink) {
        int offset = RtpPackets.payloadOffset(packet);
        if (offset < 0) {
            dropUnit(1);
            return;
        }
        long timestamp = RtpPackets.timestamp(packet);
        boolean marker = RtpPackets.marker(packet);
        if (!sequence.follows(RtpPackets.sequenceNumber(packet))) {
            dropUnit(0);
            waiting = true;
        } else if (unit != null && timestamp != unitTimestamp) {
            dropUnit(0); // the previous unit's marker never came
        }
        if (waiting) {
            dropped++;
            waiting = !marker;
            return;
        }
        ByteBuf payload = packet.slice(packet.readerIndex() + offset, RtpPackets.payloadLength(packet));
        if (unit == null) {
            unit = allocator.buffer(payload.readableBytes());
            unitTimestamp = timestamp;
            randomAccess = payload.isReadable() && (payload.getByte(payload.readerIndex()) & N) != 0;
        }
        unitPackets++;
        if (!readPayload(payload)) {
            dropUnit(0);
            waiting = !marker;
            return;
        }
        if (marker) {
            emit(sink);
        }
    }

    /** Appends the payload's OBUs to the unit; false when the payload is malformed. */
    private boolean readPayload(ByteBuf payload) {
        if (!payload.isReadable()) {
            return false;
        }
        int header = payload.readUnsignedByte();
        int count = (header >> 4) & 0x03;
        boolean continues = (header & Z) != 0;
        if (continues != (fragment != null)) {
            return false;
        }
        int element = 0;
        while (payload.isReadable()) {
            element++;
            // W = 0: every element has a length; otherwise the last of W elements has none.
            int length = count == 0 || element < count ? Leb128.read(payload) : payload.readableBytes();
            if (length <= 0 || length > payload.readableBytes()) {
                return false;
            }
            ByteBuf obu = payload.readSlice(length);
            boolean lastFragment = !payload.isReadable() && (header & Y) != 0;
            if (element == 1 && continues) {
                fragment.writeBytes(obu);
                if (!lastFragment) {
                    boolean ok = appendObu(fragment);
                    fragment.release();
                    fragment = null;
                    if (!ok) {
                        return false;
                    }
                }
            } else if (lastFragment) {
                fragment = allocator.buffer(length * 2).writeBytes(obu);
            } else if (!appendObu(obu)) {
                return false;
            }
        }
        return element > 0 && (count == 0 || element == count);
    }

    /** Appends one whole OBU, adding its size field; false when its header is malformed. */
    private boolean appendObu(ByteBuf obu) {
        int header = obu.readUnsignedByte();
        boolean extension = (header & 0x04) != 0;
        if ((header & 0x80) != 0 || (extension && !obu.isReadable())) {
            return false;
        }
        int extensionByte = extension ? obu.readUnsignedByte() : -1;
        int size = obu.readableBytes();
        if ((header & 0x02) != 0) { // the sender kept the size field, which the format allows
            size = Leb128.read(obu);
            if (size < 0 || size > obu.readableBytes()) {
                return false;
            }
        }
        int type = (header >> 3) & 0x0F;
        if (type == OBU_TEMPORAL_DELIMITER) {
            return true;
        }
        randomAccess |= type == OBU_SEQUENCE_HEADER;
        unit.writeByte(header | 0x02);
        if (extension) {
            unit.writeByte(extensionByte);
        }
        Leb128.write(unit, size);
        unit.writeBytes(obu, obu.readerIndex(), size);
        return true;
    }

    private void emit(AccessUnitSink sink) {
        ByteBuf complete = unit;
        unit = null;
        if (fragment != null || !complete.isReadable()) {
            // A fragment left open at the marker, or a unit of temporal delimiters only.
            unit = complete;
            dropUnit(0);
            return;
        }
        unitPackets = 0;
        sink.accept(complete, unitTimestamp, randomAccess);
    }

    /** Releases the partial unit, counting its packets and {@code extra} more as dropped. */
    private void dropUnit(int extra) {
        dropped += unitPackets + extra;
        close();
    }

    @Override
    public long droppedPackets() {
        return dropped;
    }

    @Override
    public void close() {
        if (unit != null) {
            unit.release();
            unit = null;
        }
        if (fragment != null) {
            fragment.release();
            fragment = null;
        }
        unitPackets = 0;
    }
}
