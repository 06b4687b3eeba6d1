package io.strom.codec.fmp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * The initialization segment of a fragmented MP4 file: {@code ftyp} and a {@code moov} whose
 * tracks have empty sample tables and an {@code mvex} that announces the fragments.
 */
public final class Fmp4Init {

    private Fmp4Init() {
    }

    /** Writes the initialization segment for {@code tracks}; the caller owns the buffer returned. */
    public static ByteBuf write(List<Fmp4Track> tracks, ByteBufAllocator allocator) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("an init segment needs at least one track");
        }
        ByteBuf out = allocator.buffer(1024);
        int ftyp = Boxes.open(out, "ftyp");
        out.writeCharSequence("iso5", java.nio.charset.StandardCharsets.US_ASCII);
        out.writeInt(512);
        for (String brand : new String[] {"iso5", "iso6", "mp41"}) {
            out.writeCharSequence(brand, java.nio.charset.StandardCharsets.US_ASCII);
        }
        Boxes.close(out, ftyp);

        int moov = Boxes.open(out, "moov");
        int mvhd = Boxes.openFull(out, "mvhd", 0, 0);
        out.writeInt(0).writeInt(0).writeInt(1000).writeInt(0); // times, timescale, duration
        out.writeInt(0x00010000).writeShort(0x0100); // rate 1.0, volume 1.0
        Boxes.zeros(out, 10);
        Boxes.matrix(out);
        Boxes.zeros(out, 24);
        int nextId = 1;
        for (Fmp4Track t : tracks) {
            nextId = Math.max(nextId, t.id() + 1);
        }
        out.writeInt(nextId);
        Boxes.close(out, mvhd);
        for (Fmp4Track t : tracks) {
            writeTrak(out, t);
        }
        int mvex = Boxes.open(out, "mvex");
        for (Fmp4Track t : tracks) {
            int trex = Boxes.openFull(out, "trex", 0, 0);
            out.writeInt(t.id()).writeInt(1).writeInt(0).writeInt(0).writeInt(0);
            Boxes.close(out, trex);
        }
        Boxes.close(out, mvex);
        Boxes.close(out, moov);
        return out;
    }

    private static void writeTrak(ByteBuf out, Fmp4Track t) {
        int trak = Boxes.open(out, "trak");
        int tkhd = Boxes.openFull(out, "tkhd", 0, 3); // enabled, in movie
        out.writeInt(0).writeInt(0).writeInt(t.id()).writeInt(0).writeInt(0);
        Boxes.zeros(out, 8);
        out.writeShort(0).writeShort(0); // layer, alternate_group
        out.writeShort(t.isVideo() ? 0 : 0x0100).writeShort(0);
        Boxes.matrix(out);
        out.writeInt(t.width() << 16).writeInt(t.height() << 16);
        Boxes.close(out, tkhd);

        int mdia = Boxes.open(out, "mdia");
        int mdhd = Boxes.openFull(out, "mdhd", 0, 0);
        out.writeInt(0).writeInt(0).writeInt(t.timescale()).writeInt(0);
        out.writeShort(0x55C4).writeShort(0); // language "und"
        Boxes.close(out, mdhd);
        int hdlr = Boxes.openFull(out, "hdlr", 0, 0);
        out.writeInt(0);
        out.writeCharSequence(t.isVideo() ? "vide" : "soun", java.nio.charset.StandardCharsets.US_ASCII);
        Boxes.zeros(out, 12);
        out.writeCharSequence(t.isVideo() ? "VideoHandler" : "SoundHandler", java.nio.charset.StandardCharsets.US_ASCII);
        out.writeByte(0);
        Boxes.close(out, hdlr);

        int minf = Boxes.open(out, "minf");
        if (t.isVideo()) {
            int vmhd = Boxes.openFull(out, "vmhd", 0, 1);
            Boxes.zeros(out, 8);
            Boxes.close(out, vmhd);
        } else {
            int smhd = Boxes.openFull(out, "smhd", 0, 0);
            Boxes.zeros(out, 4);
            Boxes.close(out, smhd);
        }
        int dinf = Boxes.open(out, "dinf");
        int dref = Boxes.openFull(out, "dref", 0, 0);
        out.writeInt(1);
        Boxes.close(out, Boxes.openFull(out, "url ", 0, 1)); // media in this file
        Boxes.close(out, dref);
        Boxes.close(out, dinf);

        int stbl = Boxes.open(out, "stbl");
        int stsd = Boxes.openFull(out, "stsd", 0, 0);
        out.writeInt(1);
        t.writeSampleEntry(out);
        Boxes.close(out, stsd);
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int box = Boxes.openFull(out, empty, 0, 0);
            out.writeInt(0);
            Boxes.close(out, box);
        }
        int stsz = Boxes.openFull(out, "stsz", 0, 0);
        out.writeInt(0).writeInt(0);
        Boxes.close(out, stsz);
        Boxes.close(out, stbl);
        Boxes.close(out, minf);
        Boxes.close(out, mdia);
        Boxes.close(out, trak);
    }
}
