package io.strom.codec.mpegts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.codec.CapturedMedia;
import io.strom.codec.CapturedMedia.Au;
import io.strom.codec.CapturedMedia.Captured;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ffmpeg's own H264 and AAC (the RTP captures, depacketized) written as a transport stream in
 * time order, tables repeated every second, then read back by ffprobe: codecs, picture size,
 * every frame, duration; and the packet structure itself (188-byte packets, continuity counters).
 */
class TsWriterTest {

    @Test
    void h264AndAacReadBackByFfprobe() throws Exception {
        Captured video = CapturedMedia.load("h264", 0);
        Captured audio = CapturedMedia.load("aac", 1);
        TsWriter w = new TsWriter(video.track().format(), audio.track().format());
        ByteBuf out = UnpooledByteBufAllocator.DEFAULT.buffer();
        long v0 = video.units().get(0).timestamp();
        long a0 = audio.units().get(0).timestamp();
        int rate = audio.track().format().clockRate();
        int ai = 0;
        for (Au v : video.units()) {
            long t = v.timestamp() - v0 + 90000;
            if (v.randomAccess()) {
                w.writeTables(out);
            }
            while (ai < audio.units().size() && (audio.units().get(ai).timestamp() - a0) * 90000 / rate + 90000 <= t) {
                Au a = audio.units().get(ai++);
                w.writeAudio(out, a.buffer(), (a.timestamp() - a0) * 90000 / rate + 90000);
            }
            w.writeVideo(out, v.buffer(), t, t, v.randomAccess());
        }
        assertEquals(0, out.readableBytes() % TsWriter.PACKET_SIZE);
        int[] counters = new int[0x2000];
        java.util.Arrays.fill(counters, -1);
        for (int at = 0; at < out.readableBytes(); at += TsWriter.PACKET_SIZE) {
            assertEquals(0x47, out.getUnsignedByte(at), "sync byte at " + at);
            int pid = out.getUnsignedShort(at + 1) & 0x1FFF;
            int cc = out.getUnsignedByte(at + 3) & 0x0F;
            if (counters[pid] >= 0) {
                assertEquals((counters[pid] + 1) & 0x0F, cc, "continuity of PID " + pid);
            }
            counters[pid] = cc;
        }
        var path = CapturedMedia.temp(".ts", out);
        out.release();
        String streams = CapturedMedia.ffprobe(path, "-count_frames", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames,sample_rate", "-of", "csv=p=0");
        String[] lines = streams.strip().split("\n");
        assertEquals("h264,320,240," + video.units().size(), lines[0].strip());
        assertEquals("aac,48000," + ai, lines[1].strip());
        assertTrue(ai >= audio.units().size() - 1, ai + " of " + audio.units().size() + " audio frames written");
    }

    @Test
    void h265ReadBackByFfprobe() throws Exception {
        Captured video = CapturedMedia.h265(0, 2);
        TsWriter w = new TsWriter(video.track().format(), null);
        ByteBuf out = UnpooledByteBufAllocator.DEFAULT.buffer();
        for (Au v : video.units()) {
            if (v.randomAccess()) {
                w.writeTables(out);
            }
            w.writeVideo(out, v.buffer(), v.timestamp() + 90000, v.timestamp() + 90000, v.randomAccess());
        }
        var path = CapturedMedia.temp(".ts", out);
        out.release();
        String streams = CapturedMedia.ffprobe(path, "-count_frames", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0");
        // ffprobe lists the program's streams again after the streams: one distinct line
        assertEquals(List.of("hevc,320,240," + video.units().size()), streams.lines().filter(l -> !l.isBlank()).distinct().toList());
    }

    @Test
    void refusesWhatItCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new TsWriter(null, null));
        assertThrows(IllegalArgumentException.class, () -> new TsWriter(Format.of("VP9", 96, 90000, 0), null));
        assertThrows(IllegalArgumentException.class, () -> new TsWriter(null, Format.of("Opus", 111, 48000, 2)));
    }
}
