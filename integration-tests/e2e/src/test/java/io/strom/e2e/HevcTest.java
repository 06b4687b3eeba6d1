package io.strom.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test helpers for H265 over Enhanced RTMP: Annex-B splitting, access units, the hvcC record, the RTMP bodies. */
class HevcTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** A NAL unit header of {@code type} (layer 0, temporal id 1) and a payload. */
    private static byte[] nal(int type, int... payload) {
        return concat(bytes(type << 1, 1), bytes(payload));
    }

    private static final byte[] START4 = bytes(0, 0, 0, 1);
    private static final byte[] START3 = bytes(0, 0, 1);

    @Test
    void annexBIsSplitOnThreeAndFourByteStartCodesWithoutTrailingZeros() {
        byte[] stream = concat(START4, nal(32, 0x0C), START3, nal(33, 0x01, 0x00, 0x00, 0x03, 0x01), bytes(0, 0),
                START4, nal(19, 0xAF, 0x03), START3, nal(1, 0x80));
        List<byte[]> nals = Hevc.splitAnnexB(stream);
        assertEquals(4, nals.size());
        assertArrayEquals(nal(32, 0x0C), nals.get(0));
        assertArrayEquals(nal(33, 0x01, 0x00, 0x00, 0x03, 0x01), nals.get(1));
        assertArrayEquals(nal(19, 0xAF, 0x03), nals.get(2));
        assertArrayEquals(nal(1, 0x80), nals.get(3));
        assertEquals(List.of(32, 33, 19, 1), nals.stream().map(Hevc::type).toList());
    }

    @Test
    void emulationPreventionBytesAreRemoved() {
        assertArrayEquals(bytes(0x42, 1, 0, 0, 1, 0, 0, 3, 0, 0, 0), Hevc.rbsp(bytes(0x42, 1, 0, 0, 3, 1, 0, 0, 3, 3, 0, 0, 3, 0)));
    }

    @Test
    void accessUnitsStartAtParameterSetsAfterASliceAndAtFirstSlices() {
        List<byte[]> nals = List.of(nal(32, 0), nal(33, 0), nal(34, 0), nal(39, 0),
                nal(19, 0x80), nal(19, 0x00), // an IDR in two slice segments
                nal(1, 0x80), nal(1, 0x00),
                nal(39, 0), nal(1, 0x80),
                nal(35, 0x50), nal(1, 0x80),
                nal(32, 0), nal(33, 0), nal(34, 0), nal(20, 0x80));
        List<Hevc.AccessUnit> units = Hevc.accessUnits(nals);
        assertEquals(List.of(6, 2, 2, 2, 4), units.stream().map(u -> u.nalUnits().size()).toList());
        assertEquals(List.of(true, false, false, false, true), units.stream().map(Hevc.AccessUnit::keyframe).toList());
        assertEquals(35, Hevc.type(units.get(3).nalUnits().get(0)));
    }

    @Test
    void accessUnitsAreLengthPrefixed() {
        Hevc.AccessUnit au = new Hevc.AccessUnit(List.of(nal(19, 0x80, 7), nal(19, 0x00)), true);
        assertArrayEquals(concat(bytes(0, 0, 0, 4), nal(19, 0x80, 7), bytes(0, 0, 0, 3), nal(19, 0x00)), au.lengthPrefixed());
    }

    @Test
    void enhancedRtmpBodiesHaveTheExHeaderPacketTypeAndFourCc() {
        assertArrayEquals(concat(bytes(0x90), "hvc1".getBytes(), bytes(1, 2)), EnhancedRtmpTags.sequenceStart("hvc1", bytes(1, 2)));
        assertArrayEquals(concat(bytes(0x93), "hvc1".getBytes(), bytes(9)), EnhancedRtmpTags.codedFramesX("hvc1", true, bytes(9)));
        assertArrayEquals(concat(bytes(0xA3), "hvc1".getBytes(), bytes(9)), EnhancedRtmpTags.codedFramesX("hvc1", false, bytes(9)));
        assertArrayEquals(concat(bytes(0xA1), "hvc1".getBytes(), bytes(0, 0, 33, 9)),
                EnhancedRtmpTags.codedFrames("hvc1", false, 33, bytes(9)));
    }

    @Test
    void amf0EncodesNumbersStringsObjectsAndNull() {
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("app", "live");
        byte[] expected = concat(bytes(0x02, 0, 7), "connect".getBytes(), bytes(0x00, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0),
                bytes(0x03, 0, 3), "app".getBytes(), bytes(0x02, 0, 4), "live".getBytes(), bytes(0, 0, 9), bytes(0x05));
        assertArrayEquals(expected, TestAmf0.write("connect", 1.0, o, null));
    }

    // ---- with ffmpeg: the real stream the IT publishes ----

    static boolean hasFfmpeg() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-encoders").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(20, TimeUnit.SECONDS) && out.contains("libx265");
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void anFfmpegStreamSplitsIntoOneAccessUnitPerFrameWithAKeyframeEverySecond() throws Exception {
        assertTrue(hasFfmpeg(), "ffmpeg with libx265 (./strom test installs it)");
        Path dir = Files.createDirectories(Path.of("target", "hevc-test"));
        List<byte[]> nals = Hevc.splitAnnexB(Hevc.encode(4, dir.resolve("test.hevc")));
        List<Hevc.AccessUnit> units = Hevc.accessUnits(nals);
        assertEquals(120, units.size());
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            Hevc.AccessUnit u = units.get(i);
            assertEquals(1, u.nalUnits().stream().filter(n -> Hevc.isSlice(Hevc.type(n))).count(), "one slice per frame at 320x240");
            if (u.keyframe()) {
                keys.add(i);
                List<Integer> types = u.nalUnits().stream().map(Hevc::type).toList();
                assertTrue(types.containsAll(List.of(32, 33, 34)), "repeat-headers: parameter sets with every keyframe " + types);
            }
        }
        assertEquals(List.of(0, 30, 60, 90), keys);

        // Every byte of the stream is in some NAL unit, start codes apart.
        long nalBytes = nals.stream().mapToLong(n -> n.length).sum();
        assertTrue(nalBytes > 0.99 * Files.size(dir.resolve("test.hevc")) - 4 * nals.size());
    }

    @Test
    void theDecoderConfigurationRecordIsTheOneFfmpegWritesInMp4() throws Exception {
        assertTrue(hasFfmpeg(), "ffmpeg with libx265 (./strom test installs it)");
        Path dir = Files.createDirectories(Path.of("target", "hevc-test"));
        Path hevc = dir.resolve("test.hevc");
        List<byte[]> nals = Hevc.splitAnnexB(Hevc.encode(4, hevc));
        byte[] record = Hevc.decoderConfigurationRecord(nals);

        assertEquals(1, record[0]);
        assertEquals(0x0F, record[21] & 0xFF, "1 temporal layer, nested, 4-byte lengths");
        assertEquals(3, record[22]);
        assertEquals(0x80 | 32, record[23] & 0xFF);

        // ffmpeg's own hvcC for the same stream: "hvc1" makes its arrays complete, like ours.
        Path mp4 = dir.resolve("test.mp4");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", hevc.toString(),
                "-c", "copy", "-tag:v", "hvc1", mp4.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, log);
        byte[] box = Files.readAllBytes(mp4);
        int at = indexOf(box, "hvcC".getBytes());
        assertTrue(at >= 4, "an hvcC box");
        int size = ((box[at - 4] & 0xFF) << 24) | ((box[at - 3] & 0xFF) << 16) | ((box[at - 2] & 0xFF) << 8) | (box[at - 1] & 0xFF);
        byte[] theirs = java.util.Arrays.copyOfRange(box, at + 4, at - 4 + size);
        assertEquals(hex(theirs), hex(record));
        assertFalse(record.length < 23 + 3 * 5);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
