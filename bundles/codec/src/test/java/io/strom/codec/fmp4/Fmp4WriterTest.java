package io.strom.codec.fmp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import io.strom.codec.CapturedMedia;
import io.strom.codec.CapturedMedia.Au;
import io.strom.codec.CapturedMedia.Captured;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ffmpeg's own H264, AAC and Opus (the RTP captures, depacketized) written as an init segment
 * and one fragment per 200 ms, then read back by ffprobe: the right codecs, picture size, frame
 * counts and duration.
 */
class Fmp4WriterTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    /** Writes the tracks as fragments of about {@code fragmentSeconds}; returns the whole file. */
    private static ByteBuf mux(List<Captured> inputs, double fragmentSeconds) {
        List<Fmp4Track> tracks = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Captured c = inputs.get(i);
            tracks.add(Fmp4Track.of(i + 1, c.track(), c.units().get(0).buffer()));
        }
        ByteBuf file = Fmp4Init.write(tracks, ALLOC);
        int[] next = new int[inputs.size()];
        int sequence = 1;
        for (double end = fragmentSeconds; ; end += fragmentSeconds) {
            List<Fmp4Fragment.Run> runs = new ArrayList<>();
            boolean more = false;
            for (int i = 0; i < inputs.size(); i++) {
                Captured c = inputs.get(i);
                List<Au> units = c.units();
                int clock = c.track().format().clockRate();
                long base0 = units.get(0).timestamp();
                List<Fmp4Sample> samples = new ArrayList<>();
                long base = -1;
                while (next[i] < units.size() && (units.get(next[i]).timestamp() - base0) < end * clock) {
                    Au au = units.get(next[i]);
                    long t = au.timestamp() - base0;
                    base = base < 0 ? t : base;
                    long nextT = next[i] + 1 < units.size() ? units.get(next[i] + 1).timestamp() - base0
                            : t + (next[i] > 0 ? au.timestamp() - units.get(next[i] - 1).timestamp() : 0);
                    samples.add(new Fmp4Sample((int) (nextT - t), 0, au.randomAccess() || !tracks.get(i).isVideo(), au.buffer()));
                    next[i]++;
                }
                more |= next[i] < units.size();
                if (!samples.isEmpty()) {
                    runs.add(new Fmp4Fragment.Run(tracks.get(i), base, samples));
                }
            }
            if (!runs.isEmpty()) {
                ByteBuf fragment = Fmp4Fragment.write(sequence++, runs, ALLOC);
                file.writeBytes(fragment);
                fragment.release();
            }
            if (!more) {
                return file;
            }
        }
    }

    @Test
    void h264AndAacReadBackByFfprobe() throws Exception {
        Captured video = CapturedMedia.load("h264", 0);
        Captured audio = CapturedMedia.load("aac", 1);
        ByteBuf file = mux(List.of(video, audio), 0.2);
        var path = CapturedMedia.temp(".mp4", file);
        file.release();
        String streams = CapturedMedia.ffprobe(path, "-count_frames", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames,sample_rate", "-of", "csv=p=0");
        String[] lines = streams.strip().split("\n");
        assertEquals("h264,320,240," + video.units().size(), lines[0].strip());
        assertEquals("aac,48000," + audio.units().size(), lines[1].strip());
        double duration = Double.parseDouble(CapturedMedia.ffprobe(path, "-show_entries", "format=duration",
                "-of", "csv=p=0").strip());
        assertTrue(duration > 1.9 && duration < 2.1, "duration " + duration);
    }

    @Test
    void opusReadBackByFfprobe() throws Exception {
        Captured audio = CapturedMedia.load("opus", 0);
        ByteBuf file = mux(List.of(audio), 0.2);
        var path = CapturedMedia.temp(".mp4", file);
        file.release();
        String streams = CapturedMedia.ffprobe(path, "-count_frames", "-show_entries",
                "stream=codec_name,channels,nb_read_frames", "-of", "csv=p=0");
        assertEquals("opus,2," + audio.units().size(), streams.strip());
    }

    /** Writes one video track and checks that ffprobe decodes every frame at 320x240. */
    private static void assertReadBack(Captured video, String codecName) throws Exception {
        ByteBuf file = mux(List.of(video), 0.2);
        var path = CapturedMedia.temp(".mp4", file);
        file.release();
        String streams = CapturedMedia.ffprobe(path, "-count_frames", "-show_entries",
                "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0");
        assertEquals(codecName + ",320,240," + video.units().size(), streams.strip());
    }

    @Test
    void h265ReadBackByFfprobe() throws Exception {
        Captured video = CapturedMedia.h265(0, 2);
        assertTrue(video.units().get(0).randomAccess() && video.units().size() >= 59, video.units().size() + " frames");
        Fmp4Track t = Fmp4Track.of(1, video.track(), video.units().get(0).buffer());
        assertTrue(t.codecString().matches("hvc1\\.1\\.6\\.L[0-9]+(\\.[0-9A-F]{2})*"), t.codecString());
        assertEquals(240, t.height());
        assertReadBack(video, "hevc");
    }

    @Test
    void vp9ReadBackByFfprobe() throws Exception {
        Captured video = CapturedMedia.vp9(0, 2);
        assertTrue(video.units().get(0).randomAccess() && video.units().size() >= 59, video.units().size() + " frames");
        Fmp4Track t = Fmp4Track.of(1, video.track(), video.units().get(0).buffer());
        assertEquals("vp09.00.20.08", t.codecString(), "level 2 covers 320x240 (76,800 luma samples)");
        assertReadBack(video, "vp9");
    }

    @Test
    void av1ReadBackByFfprobe() throws Exception {
        Captured video = CapturedMedia.av1(0, 2);
        assertTrue(video.units().get(0).randomAccess() && video.units().size() >= 59, video.units().size() + " frames");
        Fmp4Track t = Fmp4Track.of(1, video.track(), video.units().get(0).buffer());
        assertTrue(t.codecString().matches("av01\\.0\\.[0-9]{2}M\\.08"), t.codecString());
        assertEquals(320, t.width());
        assertReadBack(video, "av1");
    }

    @Test
    void codecStringsForHls() throws Exception {
        Captured video = CapturedMedia.load("h264", 0);
        Fmp4Track t = Fmp4Track.of(1, video.track(), video.units().get(0).buffer());
        assertTrue(t.codecString().matches("avc1\\.[0-9A-F]{6}"), t.codecString());
        assertEquals(320, t.width());
        assertEquals("mp4a.40.2", Fmp4Track.of(2, CapturedMedia.load("aac", 1).track(), null).codecString());
    }

    @Test
    void refusesWhatItCannotWrite() {
        Track h264 = new Track(0, MediaKind.VIDEO, Format.of("H264", 96, 90000, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fmp4Track.of(1, h264, Unpooled.EMPTY_BUFFER));
        assertTrue(e.getMessage().contains("SPS"), e.getMessage());
        Track g711 = new Track(0, MediaKind.AUDIO, Format.of("G711", 0, 8000, 1));
        assertThrows(IllegalArgumentException.class, () -> Fmp4Track.of(1, g711, null));
        assertThrows(IllegalArgumentException.class, () -> Fmp4Init.write(List.of(), ALLOC));
    }
}
