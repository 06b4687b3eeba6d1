package io.strom.codec.fmp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Objects;

/**
 * One movie fragment: a {@code moof} with a {@code traf} per track that has samples
 * ({@code tfhd} with default-base-is-moof, {@code tfdt}, a version-1 {@code trun} with each
 * sample's duration, size, flags and composition offset) and the {@code mdat} holding them.
 */
public final class Fmp4Fragment {

    private static final int SYNC_FLAGS = 0x02000000; // depends on no other sample
    private static final int NON_SYNC_FLAGS = 0x01010000; // depends on others, not a sync sample

    /**
     * The samples of one track in a fragment.
     *
     * @param track        the track
     * @param baseDecodeTime decoding time of the first sample, in the track's timescale
     * @param samples      the samples in decoding order
     */
    public record Run(Fmp4Track track, long baseDecodeTime, List<Fmp4Sample> samples) {

        public Run {
            Objects.requireNonNull(track, "track");
            if (baseDecodeTime < 0) {
                throw new IllegalArgumentException("baseDecodeTime " + baseDecodeTime + " is negative");
            }
            samples = List.copyOf(samples);
        }
    }

    private Fmp4Fragment() {
    }

    /**
     * Writes a fragment; runs without samples are left out. The caller owns the buffer returned.
     *
     * @param sequenceNumber the fragment's number, increasing from 1
     */
    public static ByteBuf write(int sequenceNumber, List<Run> runs, ByteBufAllocator allocator) {
        int dataSize = 0;
        for (Run run : runs) {
            for (Fmp4Sample s : run.samples()) {
                dataSize += s.data().readableBytes();
            }
        }
        ByteBuf out = allocator.buffer(256 + 16 * 32 + dataSize);
        int moof = Boxes.open(out, "moof");
        int mfhd = Boxes.openFull(out, "mfhd", 0, 0);
        out.writeInt(sequenceNumber);
        Boxes.close(out, mfhd);
        int[] dataOffsetFields = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            dataOffsetFields[i] = -1;
            if (run.samples().isEmpty()) {
                continue;
            }
            int traf = Boxes.open(out, "traf");
            int tfhd = Boxes.openFull(out, "tfhd", 0, 0x020000);
            out.writeInt(run.track().id());
            Boxes.close(out, tfhd);
            int tfdt = Boxes.openFull(out, "tfdt", 1, 0);
            out.writeLong(run.baseDecodeTime());
            Boxes.close(out, tfdt);
            boolean offsets = run.track().isVideo();
            int trun = Boxes.openFull(out, "trun", 1, 0x000001 | 0x000100 | 0x000200 | 0x000400 | (offsets ? 0x000800 : 0));
            out.writeInt(run.samples().size());
            dataOffsetFields[i] = out.writerIndex();
            out.writeInt(0);
            for (Fmp4Sample s : run.samples()) {
                out.writeInt(s.duration()).writeInt(s.data().readableBytes());
                out.writeInt(s.sync() ? SYNC_FLAGS : NON_SYNC_FLAGS);
                if (offsets) {
                    out.writeInt(s.compositionOffset());
                }
            }
            Boxes.close(out, trun);
            Boxes.close(out, traf);
        }
        Boxes.close(out, moof);
        int moofSize = out.writerIndex() - moof;
        out.writeInt(8 + dataSize);
        out.writeCharSequence("mdat", java.nio.charset.StandardCharsets.US_ASCII);
        int offset = moofSize + 8;
        for (int i = 0; i < runs.size(); i++) {
            if (dataOffsetFields[i] < 0) {
                continue;
            }
            out.setInt(dataOffsetFields[i], offset);
            for (Fmp4Sample s : runs.get(i).samples()) {
                ByteBuf data = s.data();
                out.writeBytes(data, data.readerIndex(), data.readableBytes());
                offset += data.readableBytes();
            }
        }
        return out;
    }
}
