package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.Format;
import java.util.Map;
import java.util.Objects;

/**
 * The part of the H264 and H265 depacketizers that does not depend on the codec: access-unit
 * boundaries, loss handling, assembly into the AVCC layout and parameter-set re-insertion.
 *
 * <p>Subclasses parse their payload structures and hand NAL units over through {@link #single},
 * {@link #aggregate} and {@link #fragment}. An access unit ends at a packet with the marker bit,
 * or when a packet with another RTP timestamp arrives (senders that never set the marker still
 * work, one access unit late). A gap in sequence numbers or a malformed payload drops the access
 * unit being assembled and every further packet with its timestamp, all counted.
 */
abstract class NalDepacketizer implements RtpDepacketizer {

    /** The largest access unit assembled; larger ones are dropped so a sender cannot exhaust memory. */
    static final int MAX_ACCESS_UNIT_SIZE = 8 * 1024 * 1024;

    private final ByteBufAllocator allocator;
    private final int headerSize;
    private final ParameterSets parameterSets;
    private final RtpSequence sequence = new RtpSequence();

    private ByteBuf accessUnit;
    private long timestamp;
    /** Packets that went into the access unit being assembled; 0 when none is open. */
    private int packets;
    /** Writer index of the length field of a fragmented NAL unit still open, or -1. */
    private int fragmentStart = -1;
    private boolean randomAccess;
    /** Bit i set: the access unit carries the parameter set of rank i (see {@link ParameterSets}). */
    private int presentSets;
    private boolean skipping;
    private long skippedTimestamp;
    private long dropped;

    /**
     * @param headerSize        NAL unit header size in bytes (1 for H264, 2 for H265)
     * @param parameterSetTypes the parameter-set NAL unit types in the order a decoder needs them
     */
    NalDepacketizer(ByteBufAllocator allocator, int headerSize, int... parameterSetTypes) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.headerSize = headerSize;
        this.parameterSets = new ParameterSets(headerSize, parameterSetTypes, this::nalType);
    }

    /** The NAL unit type of the NAL unit whose header starts at {@code index}. */
    abstract int nalType(ByteBuf buf, int index);

    /** Whether a decoder can start at an access unit that contains this NAL unit type. */
    abstract boolean isRandomAccess(int nalType);

    /** The access unit delimiter type; delimiters are dropped since the AVCC layout has no use for them. */
    abstract int delimiterType();

    /**
     * Reads one RTP payload through {@link #single}, {@link #aggregate} and {@link #fragment}.
     *
     * @return false when the payload is malformed or of an unsupported kind
     */
    abstract boolean parsePayload(ByteBuf packet, int offset, int length);

    /** Whether every packet must be dropped because the stream uses features this class lacks. */
    boolean unsupported() {
        return false;
    }

    @Override
    public final void depacketize(ByteBuf packet, AccessUnitSink sink) {
        int offset = RtpPackets.payloadOffset(packet);
        if (offset < 0 || unsupported()) {
            // A broken header says nothing reliable about the stream; if it was a real packet, the
            // sequence gap the next one shows drops its access unit.
            dropped++;
            return;
        }
        long ts = RtpPackets.timestamp(packet);
        boolean marker = RtpPackets.marker(packet);
        if (!sequence.follows(RtpPackets.sequenceNumber(packet))) {
            // The lost packets may have ended the open access unit or begun this one: drop both.
            abandon();
            skip(ts);
        } else if (packets > 0 && ts != timestamp) {
            complete(sink);
        }
        if (skipping) {
            if (ts == skippedTimestamp) {
                dropped++;
                skipping = !marker;
                return;
            }
            skipping = false;
        }
        timestamp = ts;
        packets++;
        if (!parsePayload(packet, packet.readerIndex() + offset, RtpPackets.payloadLength(packet))) {
            abandon();
            if (!marker) {
                skip(ts);
            }
            return;
        }
        if (marker) {
            complete(sink);
        }
    }

    @Override
    public final long droppedPackets() {
        return dropped;
    }

    @Override
    public final void close() {
        reset();
    }

    /** Adds one whole NAL unit. */
    final boolean single(ByteBuf buf, int offset, int length) {
        if (fragmentStart >= 0 || length < headerSize || !room(4 + length)) {
            return false;
        }
        int lengthIndex = accessUnit.writerIndex();
        accessUnit.writeInt(length).writeBytes(buf, offset, length);
        finishNal(lengthIndex);
        return true;
    }

    /** Adds the NAL units of an aggregation packet body: each preceded by a 16-bit size. */
    final boolean aggregate(ByteBuf buf, int offset, int end) {
        if (offset >= end) {
            return false;
        }
        while (offset < end) {
            if (offset + 2 > end) {
                return false;
            }
            int size = buf.getUnsignedShort(offset);
            offset += 2;
            if (offset + size > end || !single(buf, offset, size)) {
                return false;
            }
            offset += size;
        }
        return true;
    }

    /**
     * Adds one fragment of a NAL unit.
     *
     * @param header the NAL unit header rebuilt from the fragment headers, written before the
     *               first fragment's data ({@code headerSize} bytes, big-endian)
     */
    final boolean fragment(boolean start, boolean end, int header, ByteBuf buf, int offset, int length) {
        if (start) {
            if (end || fragmentStart >= 0 || !room(4 + headerSize + length)) {
                return false;
            }
            fragmentStart = accessUnit.writerIndex();
            accessUnit.writeInt(0);
            for (int shift = 8 * (headerSize - 1); shift >= 0; shift -= 8) {
                accessUnit.writeByte(header >>> shift);
            }
        } else if (fragmentStart < 0 || !room(length)) {
            return false;
        }
        accessUnit.writeBytes(buf, offset, length);
        if (end) {
            finishNal(fragmentStart);
            fragmentStart = -1;
        }
        return true;
    }

    /** Reads parameter sets from a comma-separated base64 list (an fmtp {@code sprop-*} value). */
    final void learnParameterSets(String base64List) {
        parameterSets.learn(base64List);
    }

    /** An fmtp parameter, by case-insensitive name (SDP attribute names are not case-sensitive). */
    static String parameter(Format format, String name) {
        for (Map.Entry<String, String> e : format.parameters().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private boolean room(int bytes) {
        if (accessUnit == null) {
            accessUnit = allocator.buffer(Math.min(4096, bytes + 1024));
        }
        return accessUnit.writerIndex() + bytes <= MAX_ACCESS_UNIT_SIZE;
    }

    /** Fills in the length of the NAL unit written at {@code lengthIndex} and notes what it is. */
    private void finishNal(int lengthIndex) {
        int nal = lengthIndex + 4;
        accessUnit.setInt(lengthIndex, accessUnit.writerIndex() - nal);
        int type = nalType(accessUnit, nal);
        if (type == delimiterType()) {
            accessUnit.writerIndex(lengthIndex);
            return;
        }
        int index = parameterSets.index(type);
        if (index >= 0) {
            parameterSets.remember(index, accessUnit, nal, accessUnit.writerIndex() - nal);
            presentSets |= 1 << index;
        }
        randomAccess |= isRandomAccess(type);
    }

    private void complete(AccessUnitSink sink) {
        if (fragmentStart >= 0) {
            abandon();
            return;
        }
        ByteBuf au = accessUnit;
        boolean ra = randomAccess;
        int present = presentSets;
        accessUnit = null;
        reset();
        if (au == null || !au.isReadable()) {
            if (au != null) {
                au.release();
            }
            return;
        }
        sink.accept(ra ? parameterSets.insertMissing(au, present, allocator) : au, timestamp, ra);
    }

    private void skip(long ts) {
        skipping = true;
        skippedTimestamp = ts;
    }

    /** Drops the access unit being assembled, counting its packets. */
    private void abandon() {
        dropped += packets;
        reset();
    }

    private void reset() {
        if (accessUnit != null) {
            accessUnit.release();
            accessUnit = null;
        }
        packets = 0;
        fragmentStart = -1;
        randomAccess = false;
        presentSets = 0;
    }
}
