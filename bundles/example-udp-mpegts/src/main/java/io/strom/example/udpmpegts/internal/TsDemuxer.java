package io.strom.example.udpmpegts.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns 188-byte TS packets into PES packets of the streams the program map announces
 * (ISO/IEC 13818-1): follows the PAT to the PMT, the PMT to the elementary streams, and
 * reassembles each stream's PES packets from its TS packets. Used by one thread (the source's
 * event loop).
 *
 * <p>UDP loses and reorders datagrams. Each TS packet carries a 4-bit continuity counter per
 * PID; a gap means bytes of the current PES are missing, and a decoder fed the remains would show
 * corruption until the next keyframe anyway, so the damaged PES (one access unit, as muxers
 * write them) is dropped and counted, and reassembly resumes at the next PES start. A repeated
 * counter is a duplicate packet (the standard allows one) and is skipped. A PES larger than
 * {@value #MAX_PES_SIZE} bytes is dropped too: no sane access unit is that big, and the cap bounds
 * the memory a hostile sender can pin.
 */
final class TsDemuxer {

    /** The size of every TS packet. */
    static final int PACKET_SIZE = 188;
    /** The byte every TS packet starts with. */
    static final int SYNC_BYTE = 0x47;
    static final int MAX_PES_SIZE = 8 * 1024 * 1024;
    private static final int PID_PAT = 0;

    /** Receives what the demuxer finds. */
    interface Listener {

        /** The program's streams, when the PMT is first seen and whenever its set of streams changes. */
        void onProgram(List<ElementaryStream> streams);

        /**
         * One complete PES packet's payload.
         *
         * @param pts     33-bit PTS in 90 kHz, or {@link PesHeader#NONE}
         * @param dts     33-bit DTS in 90 kHz (the PTS when the header has none), or {@link PesHeader#NONE}
         * @param payload borrowed: valid only during the call; retain it (or a slice) to keep it
         */
        void onPes(ElementaryStream stream, long pts, long dts, ByteBuf payload);
    }

    private final ByteBufAllocator alloc;
    private final Listener listener;
    private final SourceCounters counters;
    private final SectionBuffer pat = new SectionBuffer();
    private final SectionBuffer pmt = new SectionBuffer();
    private final Map<Integer, PesAssembler> streams = new HashMap<>();
    private int pmtPid = -1;
    private int pmtVersion = -1;
    private List<ElementaryStream> program = List.of();

    TsDemuxer(ByteBufAllocator alloc, Listener listener, SourceCounters counters) {
        this.alloc = alloc;
        this.listener = listener;
        this.counters = counters;
    }

    /**
     * Reads the TS packet at {@code offset} of {@code buf} (borrowed). The caller has checked that
     * {@value #PACKET_SIZE} bytes are there and that the first is the sync byte.
     */
    void packet(ByteBuf buf, int offset) {
        int header = buf.getInt(offset);
        boolean transportError = (header & 0x800000) != 0;
        boolean unitStart = (header & 0x400000) != 0;
        int pid = (header >> 8) & 0x1FFF;
        int adaptation = (header >> 4) & 0x3;
        int cc = header & 0xF;
        int pos = offset + 4;
        int end = offset + PACKET_SIZE;
        boolean discontinuity = false;
        if ((adaptation & 0b10) != 0) {
            int length = buf.getUnsignedByte(pos);
            discontinuity = length > 0 && (buf.getByte(pos + 1) & 0x80) != 0;
            pos += 1 + length;
            if (pos > end) {
                counters.invalidPackets.increment();
                return;
            }
        }
        if ((adaptation & 0b01) == 0 || pos == end) {
            return; // no payload: the continuity counter does not advance
        }
        if (pid == PID_PAT) {
            pat.append(buf, pos, end - pos, unitStart, this::onPat);
        } else if (pid == pmtPid) {
            pmt.append(buf, pos, end - pos, unitStart, this::onPmt);
        } else {
            PesAssembler pes = streams.get(pid);
            if (pes != null) {
                pes.packet(buf, pos, end - pos, unitStart, cc, discontinuity || pes.lastCc < 0, transportError);
            }
        }
    }

    private void onPat(ByteBuf section, int length) {
        int pid = ProgramTables.pmtPid(section, 0, length);
        if (pid > 0 && pid != pmtPid) {
            pmtPid = pid;
            pmtVersion = -1;
            pmt.reset();
        }
    }

    private void onPmt(ByteBuf section, int length) {
        int version = ProgramTables.version(section, 0);
        if (version == pmtVersion) {
            return; // the same table, repeated (muxers resend it every 100 ms or so)
        }
        pmtVersion = version;
        List<ElementaryStream> next = ProgramTables.streams(section, 0, length);
        if (next.equals(program)) {
            return;
        }
        close();
        program = next;
        for (ElementaryStream es : next) {
            streams.put(es.pid(), new PesAssembler(es));
        }
        listener.onProgram(next);
    }

    /** Releases partial PES packets; the demuxer can go on afterwards, from the next PES start. */
    void close() {
        streams.values().forEach(PesAssembler::release);
        streams.clear();
    }

    /** Accumulates the TS payloads of one PSI table until a whole section with a valid CRC is there. */
    private final class SectionBuffer {

        /** 1021 is the largest section_length of a PAT or PMT, plus its 3-byte header. */
        private final byte[] bytes = new byte[1024];
        private int length = -1;

        /** Appends one packet's payload; hands complete, valid sections to {@code sink}. */
        void append(ByteBuf buf, int pos, int count, boolean unitStart, SectionSink sink) {
            if (unitStart) {
                int pointer = buf.getUnsignedByte(pos);
                pos += 1 + pointer; // skip the tail of the previous section
                count -= 1 + pointer;
                length = 0;
            }
            if (length < 0 || count <= 0) {
                return; // waiting for a section start
            }
            int n = Math.min(count, bytes.length - length);
            buf.getBytes(pos, bytes, length, n);
            length += n;
            ByteBuf section = Unpooled.wrappedBuffer(bytes, 0, length);
            int sectionLength = ProgramTables.sectionLength(section, 0, length);
            if (sectionLength > 0) {
                length = -1; // one section per table start is all a PAT or PMT needs
                if (ProgramTables.crcValid(section, 0, sectionLength)) {
                    sink.accept(section, sectionLength);
                } else {
                    counters.invalidPackets.increment();
                }
            } else if (length == bytes.length) {
                length = -1;
                counters.invalidPackets.increment();
            }
        }

        void reset() {
            length = -1;
        }
    }

    @FunctionalInterface
    private interface SectionSink {
        void accept(ByteBuf section, int length);
    }

    /** Reassembles the PES packets of one PID. */
    private final class PesAssembler {

        private final ElementaryStream es;
        private ByteBuf pes;
        private int lastCc = -1;

        PesAssembler(ElementaryStream es) {
            this.es = es;
        }

        void packet(ByteBuf buf, int pos, int count, boolean unitStart, int cc, boolean resync, boolean transportError) {
            boolean duplicate = !resync && cc == lastCc;
            boolean gap = !resync && cc != ((lastCc + 1) & 0xF);
            lastCc = cc;
            if (duplicate) {
                return;
            }
            if (gap || transportError) {
                counters.continuityErrors.increment();
                drop();
                if (!unitStart || transportError) {
                    return; // skip to the next PES start
                }
            }
            if (unitStart) {
                flush(true);
                pes = alloc.buffer(Math.max(count, 4096));
            }
            if (pes == null) {
                return; // joined mid-PES: wait for the next start
            }
            if (pes.readableBytes() + count > MAX_PES_SIZE) {
                drop();
                return;
            }
            pes.writeBytes(buf, pos, count);
            int declared = declaredLength(pes);
            if (declared > 0 && pes.readableBytes() >= declared) {
                pes.writerIndex(pes.readerIndex() + declared);
                flush(false);
            }
        }

        /**
         * Hands the PES over and forgets it. At a new PES start the previous one is complete if its
         * length was unbounded; one with a declared length that is still short lost its tail.
         */
        private void flush(boolean nextStarts) {
            ByteBuf done = pes;
            pes = null;
            if (done == null) {
                return;
            }
            try {
                if (nextStarts && declaredLength(done) > done.readableBytes()) {
                    counters.damagedUnitsDropped.increment();
                    return;
                }
                int offset = PesHeader.payloadOffset(done);
                if (offset == PesHeader.INVALID) {
                    counters.invalidPackets.increment();
                    return;
                }
                ByteBuf payload = done.slice(done.readerIndex() + offset, done.readableBytes() - offset);
                listener.onPes(es, PesHeader.pts(done), PesHeader.dts(done), payload);
            } finally {
                done.release();
            }
        }

        /** The PES packet's full size from its header, or 0 when unbounded (video) or not yet known. */
        private static int declaredLength(ByteBuf buf) {
            int length = buf.readableBytes() < 6 ? 0 : buf.getUnsignedShort(buf.readerIndex() + 4);
            return length == 0 ? 0 : 6 + length;
        }

        /** Drops the PES being reassembled; it counts as a damaged access unit if it had started. */
        void drop() {
            if (pes != null) {
                counters.damagedUnitsDropped.increment();
            }
            release();
        }

        void release() {
            if (pes != null) {
                pes.release();
                pes = null;
            }
        }
    }
}
