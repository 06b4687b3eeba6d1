package io.strom.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits AV1 temporal units (low-overhead OBUs) into RTP packets per the AOMedia "RTP Payload
 * Format for AV1": OBU size fields are stripped, each OBU element is preceded by its LEB128
 * length (W = 0), OBUs larger than the space left continue in the next packet (Y, then Z), and
 * N marks the first packet of a temporal unit carrying a sequence header.
 */
public final class Av1Packetizer extends RtpPacketizer {

    private static final int Z = 0x80;
    private static final int Y = 0x40;
    private static final int N = 0x08;
    private static final int OBU_SEQUENCE_HEADER = 1;
    private static final int OBU_TEMPORAL_DELIMITER = 2;

    /** One OBU as the RTP format carries it: its header without size field, then its payload. */
    private record Element(int header, int extension, int payloadIndex, int payloadLength) {

        int headerLength() {
            return extension < 0 ? 1 : 2;
        }

        int length() {
            return headerLength() + payloadLength;
        }
    }

    /** A run of one element's bytes in one packet. */
    private record Piece(Element element, int offset, int length) {

        boolean endsElement() {
            return offset + length == element.length();
        }
    }

    public Av1Packetizer(Options options) {
        super(options);
    }

    @Override
    public boolean packetize(ByteBuf accessUnit, long rtpTimestamp, RtpPacketSink sink) {
        List<Element> elements = parse(accessUnit);
        if (elements == null || elements.isEmpty()) {
            return false;
        }
        boolean sequenceHeader = elements.stream().anyMatch(e -> (e.header() >> 3 & 0x0F) == OBU_SEQUENCE_HEADER);
        List<List<Piece>> packets = plan(elements);
        for (int i = 0; i < packets.size(); i++) {
            List<Piece> pieces = packets.get(i);
            int size = 1;
            for (Piece piece : pieces) {
                size += Leb128.size(piece.length()) + piece.length();
            }
            ByteBuf packet = startPacket(rtpTimestamp, i == packets.size() - 1, size);
            packet.writeByte((pieces.get(0).offset() > 0 ? Z : 0)
                    | (pieces.get(pieces.size() - 1).endsElement() ? 0 : Y)
                    | (i == 0 && sequenceHeader ? N : 0));
            for (Piece piece : pieces) {
                Leb128.write(packet, piece.length());
                write(packet, accessUnit, piece);
            }
            sink.accept(packet);
        }
        return true;
    }

    /** The OBUs of a low-overhead temporal unit, temporal delimiters left out; null if malformed. */
    private static List<Element> parse(ByteBuf accessUnit) {
        ByteBuf in = accessUnit.duplicate();
        List<Element> elements = new ArrayList<>();
        while (in.isReadable()) {
            int header = in.readUnsignedByte();
            boolean extension = (header & 0x04) != 0;
            if ((header & 0x80) != 0 || (extension && !in.isReadable())) {
                return null;
            }
            int extensionByte = extension ? in.readUnsignedByte() : -1;
            // An OBU without size field runs to the end of the unit.
            int size = (header & 0x02) != 0 ? Leb128.read(in) : in.readableBytes();
            if (size < 0 || size > in.readableBytes()) {
                return null;
            }
            if ((header >> 3 & 0x0F) != OBU_TEMPORAL_DELIMITER) {
                elements.add(new Element(header & ~0x02, extensionByte, in.readerIndex(), size));
            }
            in.skipBytes(size);
        }
        return elements;
    }

    /** Assigns element bytes to packets so that none exceeds the payload budget. */
    private List<List<Piece>> plan(List<Element> elements) {
        int budget = maxPayloadSize() - 1; // less the aggregation header
        List<List<Piece>> packets = new ArrayList<>();
        List<Piece> current = new ArrayList<>();
        int space = budget;
        for (Element element : elements) {
            int offset = 0;
            while (offset < element.length()) {
                // Reserve room for the length as if the piece filled the space: never too little.
                int available = space - Leb128.size(space);
                if (available < 1) {
                    packets.add(current);
                    current = new ArrayList<>();
                    space = budget;
                    continue;
                }
                int length = Math.min(element.length() - offset, available);
                current.add(new Piece(element, offset, length));
                space -= Leb128.size(length) + length;
                offset += length;
                if (offset < element.length()) {
                    packets.add(current);
                    current = new ArrayList<>();
                    space = budget;
                }
            }
        }
        if (!current.isEmpty()) {
            packets.add(current);
        }
        return packets;
    }

    /** Writes the piece's bytes of its element: header bytes first, then payload. */
    private static void write(ByteBuf packet, ByteBuf accessUnit, Piece piece) {
        Element element = piece.element();
        int position = piece.offset();
        int end = piece.offset() + piece.length();
        for (; position < end && position < element.headerLength(); position++) {
            packet.writeByte(position == 0 ? element.header() : element.extension());
        }
        if (position < end) {
            int from = element.payloadIndex() + position - element.headerLength();
            packet.writeBytes(accessUnit, from, end - position);
        }
    }
}
