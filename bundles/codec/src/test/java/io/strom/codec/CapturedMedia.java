package io.strom.codec;

import io.netty.buffer.ByteBuf;
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
