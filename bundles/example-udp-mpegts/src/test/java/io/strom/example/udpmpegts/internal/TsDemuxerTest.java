package io.strom.example.udpmpegts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.strom.api.media.Format;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demuxer and the track readers on TS that ffmpeg muxed, intact and with a packet lost. */
class TsDemuxerTest {

    /** One access unit as a reader emitted it. */
    record Frame(long pts, long dts, boolean randomAccess, byte[] data) {
    }

    /** Feeds TS into a demuxer and collects each stream's formats and access units. */
    static final class Collector implements TsDemuxer.Listener {
        final SourceCounters counters = new SourceCounters();
        final TsDemuxer demuxer = new TsDemuxer(PooledByteBufAllocator.DEFAULT, this, counters);
        final Map<String, TrackReader> readers = new LinkedHashMap<>();
        final Map<String, List<Frame>> frames = new LinkedHashMap<>();
        final Map<Integer, String> codecs = new LinkedHashMap<>();
        int programs;

        @Override
        public void onProgram(List<ElementaryStream> streams) {
            programs++;
            for (ElementaryStream es : streams) {
                codecs.put(es.pid(), es.codec());
                readers.put(es.codec(), TrackReader.of(es, 96 + readers.size(), PooledByteBufAllocator.DEFAULT));
                frames.put(es.codec(), new ArrayList<>());
            }
        }

        @Override
        public void onPes(ElementaryStream stream, long pts, long dts, ByteBuf payload) {
            assertTrue(readers.get(stream.codec()).read(payload, pts, dts, (au, p, d, ra) -> {
                byte[] bytes = new byte[au.readableBytes()];
                au.readBytes(bytes);
                au.release();
                frames.get(stream.codec()).add(new Frame(p, d, ra, bytes));
            }), stream.codec() + " payload malformed");
        }

        Collector feed(byte[] ts) {
            ByteBuf buf = Unpooled.wrappedBuffer(ts);
            for (int pos = 0; pos + TsDemuxer.PACKET_SIZE <= ts.length; pos += TsDemuxer.PACKET_SIZE) {
                assertEquals(TsDemuxer.SYNC_BYTE, ts[pos] & 0xFF);
                demuxer.packet(buf, pos);
            }
            demuxer.close();
            return this;
        }

        Format format(String codec) {
            return readers.get(codec).format();
        }
    }

    @Test
    void h264AndAacBecomeAvccPicturesAndRawAacFramesWithTheirFormats() throws Exception {
        Collector c = new Collector().feed(FfmpegTs.encode("libx264", "aac"));
        assertEquals(1, c.programs);
        assertEquals(List.of("H264", "MPEG-4 Audio"), List.copyOf(c.codecs.values()));

        Format h264 = c.format("H264");
        assertNotNull(h264);
        assertTrue(h264.parameters().get("sprop-parameter-sets").contains(","), h264.toString());
        List<Frame> video = c.frames.get("H264");
        // The last picture stays in the demuxer: an unbounded video PES ends only when the next begins.
        assertEquals(FfmpegTs.SECONDS * FfmpegTs.FPS - 1, video.size());
        assertTrue(video.get(0).randomAccess(), "ffmpeg starts with a keyframe");
        assertEquals(FfmpegTs.SECONDS, video.stream().filter(Frame::randomAccess).count(), "a keyframe a second (-g 25)");
        for (Frame f : video) {
            assertAvcc(f.data(), 0x1F, 9);
            assertTrue(f.dts() <= f.pts(), "DTS never after PTS");
        }
        assertTrue(video.stream().anyMatch(f -> f.dts() < f.pts()), "B-frames (-bf 2) are reordered: some DTS < PTS");
        assertTrue(startsWithNalTypes(video.get(0).data(), 0x1F, 7, 8), "a keyframe starts with SPS and PPS");

        Format aac = c.format("MPEG-4 Audio");
        assertEquals(48000, aac.clockRate());
        assertEquals(1, aac.channels());
        assertEquals("1188", aac.parameters().get("config"), "AAC-LC, 48 kHz, mono");
        List<Frame> audio = c.frames.get("MPEG-4 Audio");
        assertTrue(Math.abs(audio.size() - FfmpegTs.SECONDS * 48000 / 1024) <= 3, audio.size() + " AAC frames");
        for (int i = 1; i < audio.size(); i++) {
            assertEquals(1024, audio.get(i).pts() - audio.get(i - 1).pts(), "1024 samples per frame at frame " + i);
            assertFalse((audio.get(i).data()[0] & 0xFF) == 0xFF && (audio.get(i).data()[1] & 0xF0) == 0xF0,
                    "no ADTS header left in frame " + i);
        }
        assertEquals(0, c.counters.continuityErrors.sum() + c.counters.damagedUnitsDropped.sum() + c.counters.invalidPackets.sum());
    }

    @Test
    void h265AndOpusBecomeHvccPicturesAndOpusPackets() throws Exception {
        Collector c = new Collector().feed(FfmpegTs.encode("libx265", "libopus"));
        assertEquals(List.of("H265", "Opus"), List.copyOf(c.codecs.values()));

        Format h265 = c.format("H265");
        assertNotNull(h265);
        assertTrue(h265.parameters().keySet().containsAll(List.of("sprop-vps", "sprop-sps", "sprop-pps")), h265.toString());
        List<Frame> video = c.frames.get("H265");
        assertEquals(FfmpegTs.SECONDS * FfmpegTs.FPS - 1, video.size());
        assertTrue(video.get(0).randomAccess());
        for (Frame f : video) {
            assertAvcc(f.data(), 0x7E, 35 << 1);
        }
        assertTrue(startsWithNalTypes(video.get(0).data(), 0x7E, 32 << 1, 33 << 1, 34 << 1), "VPS, SPS, PPS first");

        Format opus = c.format("Opus");
        assertEquals(48000, opus.clockRate());
        assertEquals("0", opus.parameters().get("sprop-stereo"), "the PMT says mono");
        List<Frame> audio = c.frames.get("Opus");
        // libopus writes 20 ms packets: 50 a second.
        assertTrue(Math.abs(audio.size() - FfmpegTs.SECONDS * 50) <= 3, audio.size() + " Opus packets");
        for (int i = 1; i < audio.size(); i++) {
            assertEquals(960, audio.get(i).pts() - audio.get(i - 1).pts(), "20 ms at 48 kHz, packet " + i);
        }
        assertEquals(0, c.counters.continuityErrors.sum() + c.counters.damagedUnitsDropped.sum());
    }

    @Test
    void aLostPacketDropsTheDamagedPictureOnlyAndIsCounted() throws Exception {
        byte[] ts = FfmpegTs.encode("libx264", "aac");
        Collector intact = new Collector().feed(ts);
        // Remove one packet from the middle of a video PES: a packet of the video PID without
        // payload_unit_start, whose successor continues the same PES.
        int videoPid = intact.codecs.entrySet().stream().filter(e -> e.getValue().equals("H264")).findFirst().orElseThrow().getKey();
        int victim = -1;
        for (int pos = ts.length / 2; pos + 2 * 188 <= ts.length; pos += 188) {
            if (pid(ts, pos) == videoPid && (ts[pos + 1] & 0x40) == 0 && pid(ts, pos + 188) == videoPid
                    && (ts[pos + 188 + 1] & 0x40) == 0) {
                victim = pos;
                break;
            }
        }
        assertTrue(victim > 0);
        byte[] damaged = new byte[ts.length - 188];
        System.arraycopy(ts, 0, damaged, 0, victim);
        System.arraycopy(ts, victim + 188, damaged, victim, ts.length - victim - 188);

        Collector c = new Collector().feed(damaged);
        assertEquals(1, c.counters.continuityErrors.sum());
        assertEquals(1, c.counters.damagedUnitsDropped.sum());
        assertEquals(intact.frames.get("H264").size() - 1, c.frames.get("H264").size());
        assertEquals(intact.frames.get("MPEG-4 Audio").size(), c.frames.get("MPEG-4 Audio").size(), "audio is untouched");
    }

    @Test
    void aRepeatedPacketIsSkippedAsADuplicate() throws Exception {
        byte[] ts = FfmpegTs.encode("libx264", "aac");
        Collector intact = new Collector().feed(ts);
        byte[] doubled = new byte[ts.length + 188];
        int at = (ts.length / 188 / 2) * 188;
        System.arraycopy(ts, 0, doubled, 0, at + 188);
        System.arraycopy(ts, at, doubled, at + 188, ts.length - at);

        Collector c = new Collector().feed(doubled);
        assertEquals(0, c.counters.continuityErrors.sum());
        assertEquals(intact.frames.get("H264").size(), c.frames.get("H264").size());
    }

    @Test
    void onlyDatagramsOfOneToSevenWholeSyncedPacketsAreTs() {
        assertTrue(TsDatagramHandler.isTs(packets(1)));
        assertTrue(TsDatagramHandler.isTs(packets(7)));
        assertFalse(TsDatagramHandler.isTs(packets(8)), "more than a 1500-byte MTU carries");
        assertFalse(TsDatagramHandler.isTs(Unpooled.EMPTY_BUFFER));
        assertFalse(TsDatagramHandler.isTs(Unpooled.wrappedBuffer(new byte[187])));
        ByteBuf unsynced = packets(3);
        unsynced.setByte(2 * 188, 0x48);
        assertFalse(TsDatagramHandler.isTs(unsynced));
    }

    @Test
    void garbageWithSyncBytesNeverThrowsAndYieldsNothing() {
        java.util.Random random = new java.util.Random(42);
        Collector c = new Collector();
        byte[] junk = new byte[188 * 2000];
        random.nextBytes(junk);
        for (int pos = 0; pos < junk.length; pos += 188) {
            junk[pos] = 0x47;
            junk[pos + 1] &= 0x1F; // PIDs 0..8191 with PAT (PID 0) often enough to be tried
        }
        c.feed(junk);
        assertEquals(0, c.programs, "random sections never pass the CRC");
    }

    private static ByteBuf packets(int n) {
        byte[] b = new byte[n * 188];
        for (int i = 0; i < n; i++) {
            b[i * 188] = 0x47;
        }
        return Unpooled.wrappedBuffer(b);
    }

    private static int pid(byte[] ts, int pos) {
        return ((ts[pos + 1] & 0x1F) << 8) | (ts[pos + 2] & 0xFF);
    }

    /** Asserts 4-byte-length framing that ends exactly at the end, without access unit delimiters. */
    private static void assertAvcc(byte[] au, int typeMask, int delimiterType) {
        int pos = 0;
        while (pos < au.length) {
            assertTrue(pos + 5 <= au.length, "truncated length prefix");
            int length = ((au[pos] & 0xFF) << 24) | ((au[pos + 1] & 0xFF) << 16) | ((au[pos + 2] & 0xFF) << 8) | (au[pos + 3] & 0xFF);
            assertTrue(length > 0 && pos + 4 + length <= au.length, "NAL length " + length + " at " + pos);
            assertTrue((au[pos + 4] & typeMask) != delimiterType, "an access unit delimiter was left in");
            pos += 4 + length;
        }
        assertEquals(au.length, pos);
    }

    private static boolean startsWithNalTypes(byte[] au, int typeMask, int... types) {
        int pos = 0;
        for (int type : types) {
            if (pos + 5 > au.length || (au[pos + 4] & typeMask) != type) {
                return false;
            }
            pos += 4 + (((au[pos] & 0xFF) << 24) | ((au[pos + 1] & 0xFF) << 16) | ((au[pos + 2] & 0xFF) << 8) | (au[pos + 3] & 0xFF));
        }
        return true;
    }
}
