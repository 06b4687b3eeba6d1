package io.strom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.strom.api.media.Format;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RTP as ffmpeg really sends it (captured with captures/capture.py: libx264 320x240 30 fps with
 * a 1 s GOP for 2 s, AAC and Opus for 1 s) through the depacketizers, and back through the
 * packetizers: every access unit comes out whole, nothing is dropped, and the round trip gives
 * the same access units.
 */
class FfmpegCaptureTest {

    private record Au(byte[] data, long timestamp, boolean randomAccess) {
    }

    private static List<byte[]> packets(String name) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = FfmpegCaptureTest.class.getResourceAsStream("/captures/" + name);
             DataInputStream data = new DataInputStream(in)) {
            while (true) {
                int length;
                try {
                    length = data.readUnsignedShort();
                } catch (EOFException e) {
                    return out;
                }
                out.add(data.readNBytes(length));
            }
        }
    }

    private static Format format(String sdpName) throws Exception {
        try (InputStream in = FfmpegCaptureTest.class.getResourceAsStream("/captures/" + sdpName)) {
            String sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Sdp.parse(sdp).description().tracks().get(0).format();
        }
    }

    private static List<Au> depacketize(RtpDepacketizer d, List<byte[]> packets) {
        List<Au> aus = new ArrayList<>();
        for (byte[] p : packets) {
            ByteBuf packet = Unpooled.wrappedBuffer(p);
            d.depacketize(packet, (au, ts, ra) -> {
                byte[] b = new byte[au.readableBytes()];
                au.readBytes(b);
                au.release();
                aus.add(new Au(b, ts, ra));
            });
            packet.release();
        }
        return aus;
    }

    /** Packetizes {@code aus} again and depacketizes the result. */
    private static List<Au> roundTrip(Format format, List<Au> aus) {
        RtpPacketizer packetizer = RtpFormats.packetizer(format,
                RtpPacketizer.Options.of(UnpooledByteBufAllocator.DEFAULT, format.payloadType(), 0x1234, 100)).orElseThrow();
        List<byte[]> packets = new ArrayList<>();
        for (Au au : aus) {
            assertTrue(packetizer.packetize(Unpooled.wrappedBuffer(au.data()), au.timestamp(), p -> {
                assertTrue(p.readableBytes() <= RtpPacketizer.DEFAULT_MAX_PACKET_SIZE);
                byte[] b = new byte[p.readableBytes()];
                p.readBytes(b);
                p.release();
                packets.add(b);
            }));
        }
        return depacketize(RtpFormats.depacketizer(format, UnpooledByteBufAllocator.DEFAULT).orElseThrow(), packets);
    }

    private static void assertSame(List<Au> expected, List<Au> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(java.util.HexFormat.of().formatHex(expected.get(i).data()),
                    java.util.HexFormat.of().formatHex(actual.get(i).data()), "access unit " + i);
            assertEquals(expected.get(i).timestamp(), actual.get(i).timestamp());
            assertEquals(expected.get(i).randomAccess(), actual.get(i).randomAccess());
        }
    }

    @Test
    void h264FromFfmpeg() throws Exception {
        Format format = format("h264.sdp");
        RtpDepacketizer d = RtpFormats.depacketizer(format, UnpooledByteBufAllocator.DEFAULT).orElseThrow();
        List<Au> aus = depacketize(d, packets("h264.rtp"));
        assertEquals(0, d.droppedPackets());
        assertTrue(aus.size() >= 58 && aus.size() <= 61, aus.size() + " pictures in 2 s at 30 fps");
        List<Au> keyframes = aus.stream().filter(Au::randomAccess).toList();
        assertEquals(2, keyframes.size(), "one IDR per second");
        for (Au keyframe : keyframes) {
            assertEquals(7, keyframe.data()[4] & 0x1F, "an IDR access unit starts with its SPS");
        }
        for (Au au : aus) {
            int pos = 0;
            while (pos < au.data().length) {
                pos += 4 + java.nio.ByteBuffer.wrap(au.data(), pos, 4).getInt();
            }
            assertEquals(au.data().length, pos, "AVCC lengths add up");
        }
        assertSame(aus, roundTrip(format, aus));
    }

    @Test
    void aacFromFfmpeg() throws Exception {
        Format format = format("aac.sdp");
        RtpDepacketizer d = RtpFormats.depacketizer(format, UnpooledByteBufAllocator.DEFAULT).orElseThrow();
        List<Au> aus = depacketize(d, packets("aac.rtp"));
        assertEquals(0, d.droppedPackets());
        assertTrue(aus.size() >= 45 && aus.size() <= 48, aus.size() + " AAC frames of 1024 samples in 1 s at 48 kHz");
        for (int i = 1; i < aus.size(); i++) {
            assertEquals(1024, aus.get(i).timestamp() - aus.get(i - 1).timestamp());
        }
        assertSame(aus, roundTrip(format, aus));
    }

    @Test
    void opusFromFfmpeg() throws Exception {
        Format format = format("opus.sdp");
        RtpDepacketizer d = RtpFormats.depacketizer(format, UnpooledByteBufAllocator.DEFAULT).orElseThrow();
        List<Au> aus = depacketize(d, packets("opus.rtp"));
        assertEquals(0, d.droppedPackets());
        assertTrue(aus.size() >= 48 && aus.size() <= 51, aus.size() + " Opus packets of 20 ms in 1 s");
        assertSame(aus, roundTrip(format, aus));
    }
}
