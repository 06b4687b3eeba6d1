package io.strom.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Track;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real ffmpeg output for muxer tests: the RTP captures in {@code /captures} (libx264 320x240
 * 30 fps for 2 s, AAC and Opus for 1 s) depacketized into access units, and ffprobe to read
 * what a muxer wrote.
 */
public final class CapturedMedia {

    /** One access unit with its timestamp in the track's clock. */
    public record Au(byte[] data, long timestamp, boolean randomAccess) {
        public ByteBuf buffer() {
            return Unpooled.wrappedBuffer(data);
        }
    }

    /** A captured track and its access units. */
    public record Captured(Track track, List<Au> units) {
    }

    private CapturedMedia() {
    }

    /** {@code name} is {@code h264}, {@code aac} or {@code opus}. */
    public static Captured load(String name, int trackIndex) throws Exception {
        Track t;
        try (InputStream in = CapturedMedia.class.getResourceAsStream("/captures/" + name + ".sdp")) {
            Track parsed = Sdp.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).description().tracks().get(0);
            t = new Track(trackIndex, parsed.kind(), parsed.format());
        }
        List<Au> aus = new ArrayList<>();
        try (RtpDepacketizer d = RtpFormats.depacketizer(t.format(), UnpooledByteBufAllocator.DEFAULT).orElseThrow();
             DataInputStream data = new DataInputStream(CapturedMedia.class.getResourceAsStream("/captures/" + name + ".rtp"))) {
            while (true) {
                int length;
                try {
                    length = data.readUnsignedShort();
                } catch (EOFException e) {
                    break;
                }
                ByteBuf packet = Unpooled.wrappedBuffer(data.readNBytes(length));
                d.depacketize(packet, (au, ts, ra) -> {
                    byte[] b = new byte[au.readableBytes()];
                    au.readBytes(b);
                    au.release();
                    aus.add(new Au(b, ts, ra));
                });
                packet.release();
            }
        }
        return new Captured(t, aus);
    }

    /**
     * Runs ffprobe on a file and returns its stdout: {@code args} choose what it prints. Fails
     * with a hint when ffprobe is missing.
     */
    public static String ffprobe(Path file, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        cmd.addAll(List.of(args));
        cmd.add(file.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("ffprobe is missing: ./strom test installs it", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffprobe did not finish in 30 s");
        }
        if (p.exitValue() != 0 || !err.isBlank()) {
            throw new AssertionError("ffprobe failed (" + p.exitValue() + "): " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * VP9 as ffmpeg's libvpx encodes it (320x240, 30 fps, a keyframe per second) for
     * {@code seconds}, read from an IVF file: one access unit per frame, 90 kHz timestamps.
     */
    public static Captured vp9(int trackIndex, int seconds) throws Exception {
        ByteBuf file = encode(seconds, "ivf", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8");
        List<Au> aus = new ArrayList<>();
        int pos = file.getUnsignedShortLE(6); // header length
        while (pos + 12 <= file.readableBytes()) {
            int size = file.getIntLE(pos);
            long pts = file.getLongLE(pos + 4);
            byte[] frame = new byte[size];
            file.getBytes(pos + 12, frame);
            // profile 0: frame_marker, profile bits, show_existing_frame and frame_type (0: key) in the first byte
            aus.add(new Au(frame, pts * 3000, (frame[0] & 0x0C) == 0));
            pos += 12 + size;
        }
        return new Captured(new Track(trackIndex, io.strom.api.media.MediaKind.VIDEO,
                io.strom.api.media.Format.of("VP9", 96, 90000, 0)), aus);
    }

    /**
     * AV1 as ffmpeg's libaom encodes it (320x240, 30 fps, a keyframe per second) for
     * {@code seconds}: each temporal unit without its temporal delimiter, 90 kHz timestamps,
     * random access where the unit carries a sequence header.
     */
    public static Captured av1(int trackIndex, int seconds) throws Exception {
        ByteBuf file = encode(seconds, "obu", "libaom-av1", "-usage", "realtime", "-cpu-used", "8");
        List<Au> aus = new ArrayList<>();
        ByteBuf tu = null;
        boolean sequenceHeader = false;
        int pos = 0;
        while (pos < file.readableBytes()) {
            int header = file.getUnsignedByte(pos);
            int at = pos + 1 + ((header & 0x04) != 0 ? 1 : 0);
            int size = 0;
            for (int shift = 0; ; shift += 7) {
                int b = file.getUnsignedByte(at++);
                size |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            int type = (header >> 3) & 0x0F;
            if (type == 2) { // temporal delimiter: a new temporal unit
                if (tu != null) {
                    aus.add(new Au(ByteBufUtil.getBytes(tu), aus.size() * 3000L, sequenceHeader));
                }
                tu = Unpooled.buffer();
                sequenceHeader = false;
            } else {
                sequenceHeader |= type == 1;
                tu.writeBytes(file, pos, at + size - pos);
            }
            pos = at + size;
        }
        aus.add(new Au(ByteBufUtil.getBytes(tu), aus.size() * 3000L, sequenceHeader));
        return new Captured(new Track(trackIndex, io.strom.api.media.MediaKind.VIDEO,
                io.strom.api.media.Format.of("AV1", 96, 90000, 0)), aus);
    }

    /**
     * H265 as ffmpeg's libx265 encodes it (320x240, 30 fps, a keyframe per second, no B-frames)
     * for {@code seconds}, from its Annex B output split at the access unit delimiters: AVCC
     * access units (parameter sets before each keyframe), 90 kHz timestamps.
     */
    public static Captured h265(int trackIndex, int seconds) throws Exception {
        ByteBuf file = encode(seconds, "hevc", "libx265", "-x265-params", "aud=1:keyint=30:min-keyint=30:bframes=0:log-level=error");
        List<Au> aus = new ArrayList<>();
        List<int[]> nals = new ArrayList<>(); // start, end
        int n = file.readableBytes();
        int start = -1;
        for (int i = 0; i + 2 < n; i++) {
            if (file.getByte(i) == 0 && file.getByte(i + 1) == 0 && file.getByte(i + 2) == 1) {
                if (start >= 0) {
                    int end = i;
                    while (end > start && file.getByte(end - 1) == 0) {
                        end--;
                    }
                    nals.add(new int[] {start, end});
                }
                start = i + 3;
                i += 2;
            }
        }
        nals.add(new int[] {start, n});
        ByteBuf au = null;
        boolean key = false;
        for (int[] nal : nals) {
            int type = (file.getUnsignedByte(nal[0]) >> 1) & 0x3F;
            if (type == 35) { // access unit delimiter
                if (au != null && au.isReadable()) {
                    aus.add(new Au(ByteBufUtil.getBytes(au), aus.size() * 3000L, key));
                }
                au = Unpooled.buffer();
                key = false;
                continue;
            }
            key |= type >= 16 && type <= 21;
            au.writeInt(nal[1] - nal[0]).writeBytes(file, nal[0], nal[1] - nal[0]);
        }
        aus.add(new Au(ByteBufUtil.getBytes(au), aus.size() * 3000L, key));
        return new Captured(new Track(trackIndex, io.strom.api.media.MediaKind.VIDEO,
                io.strom.api.media.Format.of("H265", 96, 90000, 0)), aus);
    }

    /** Encodes {@code seconds} of ffmpeg's test picture with {@code encoder} into a {@code format} file; its bytes. */
    private static ByteBuf encode(int seconds, String format, String encoder, String... options) throws Exception {
        Path out = Files.createTempFile("strom-enc", "." + format);
        out.toFile().deleteOnExit();
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f",
                "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", Integer.toString(seconds), "-c:v", encoder));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-g", "30", "-pix_fmt", "yuv420p", "-f", format, out.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("ffmpeg is missing: ./strom test installs it", e);
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg could not encode with " + encoder + ": " + log);
        }
        return Unpooled.wrappedBuffer(Files.readAllBytes(out));
    }

    /** Writes {@code data} to a temporary file that is deleted on exit. */
    public static Path temp(String suffix, ByteBuf data) throws IOException {
        Path f = Files.createTempFile("strom-mux", suffix);
        f.toFile().deleteOnExit();
        byte[] b = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), b);
        Files.write(f, b);
        return f;
    }
}
