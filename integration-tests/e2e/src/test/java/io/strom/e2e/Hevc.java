package io.strom.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * H265 for the tests: an Annex-B elementary stream encoded by ffmpeg (libx265), split into NAL
 * units and access units, and the HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1) an
 * Enhanced RTMP {@code hvc1} SequenceStart carries.
 */
final class Hevc {

    static final int NAL_AUD = 35;
    static final int NAL_VPS = 32;
    static final int NAL_SPS = 33;
    static final int NAL_PPS = 34;
    static final int NAL_PREFIX_SEI = 39;

    private Hevc() {
    }

    /** An access unit: its NAL units without start codes, and whether it is a random access point (IRAP). */
    record AccessUnit(List<byte[]> nalUnits, boolean keyframe) {

        /** The NAL units each prefixed by a 4-byte big-endian length, as in MP4 and Enhanced RTMP. */
        byte[] lengthPrefixed() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (byte[] nal : nalUnits) {
                b.write(nal.length >>> 24);
                b.write(nal.length >>> 16);
                b.write(nal.length >>> 8);
                b.write(nal.length);
                b.writeBytes(nal);
            }
            return b.toByteArray();
        }
    }

    /** The ffmpeg command line of {@link #encode}: testsrc2 320x240 at 30 fps, a keyframe every 30 frames, no B-frames. */
    static List<String> encodeCommand(int seconds, Path out) {
        return List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", Integer.toString(seconds),
                "-pix_fmt", "yuv420p", "-c:v", "libx265", "-preset", "ultrafast",
                "-x265-params", "keyint=30:min-keyint=30:bframes=0:repeat-headers=1:log-level=error",
                "-f", "hevc", out.toString());
    }

    /** Encodes {@code seconds} of test pattern to {@code out} (Annex B) unless it is there already; returns its bytes. */
    static byte[] encode(int seconds, Path out) {
        try {
            if (!Files.isRegularFile(out) || Files.size(out) == 0) {
                Files.createDirectories(out.toAbsolutePath().getParent());
                Path log = out.resolveSibling(out.getFileName() + ".log");
                Process p = new ProcessBuilder(encodeCommand(seconds, out)).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("ffmpeg did not encode H265 within 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("ffmpeg failed to encode H265:\n" + Files.readString(log));
                }
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The NAL units of an Annex-B stream, without start codes and trailing zero bytes. */
    static List<byte[]> splitAnnexB(byte[] stream) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < stream.length) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                if (start >= 0) {
                    addNal(nals, stream, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            addNal(nals, stream, start, stream.length);
        }
        return nals;
    }

    private static void addNal(List<byte[]> nals, byte[] stream, int from, int to) {
        while (to > from && stream[to - 1] == 0) {
            to--; // the leading zero of a 4-byte start code, or trailing_zero_8bits
        }
        if (to > from) {
            byte[] nal = new byte[to - from];
            System.arraycopy(stream, from, nal, 0, nal.length);
            nals.add(nal);
        }
    }

    /** nal_unit_type of a NAL unit (its 2-byte header first). */
    static int type(byte[] nal) {
        return (nal[0] >> 1) & 0x3F;
    }

    static boolean isSlice(int type) {
        return type < 32; // VCL NAL units
    }

    static boolean isIrap(int type) {
        return type >= 16 && type <= 23;
    }

    /**
     * Groups NAL units into access units (H.265 7.4.2.4.4): an AU starts at an AUD, or at a VPS,
     * SPS, PPS, prefix SEI or reserved type 41..44/48..55 following a slice, or at a slice with
     * first_slice_segment_in_pic_flag set following a slice.
     */
    static List<AccessUnit> accessUnits(List<byte[]> nals) {
        List<AccessUnit> units = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean sawSlice = false;
        for (byte[] nal : nals) {
            if (nal.length < 2) {
                continue;
            }
            int type = type(nal);
            boolean firstSlice = isSlice(type) && nal.length > 2 && (nal[2] & 0x80) != 0;
            boolean startsAu = type == NAL_AUD
                    || (sawSlice && (type == NAL_VPS || type == NAL_SPS || type == NAL_PPS || type == NAL_PREFIX_SEI
                            || (type >= 41 && type <= 44) || (type >= 48 && type <= 55) || firstSlice));
            if (startsAu && !current.isEmpty()) {
                units.add(accessUnit(current));
                current = new ArrayList<>();
                sawSlice = false;
            }
            current.add(nal);
            sawSlice |= isSlice(type);
        }
        if (!current.isEmpty() && sawSlice) {
            units.add(accessUnit(current));
        }
        return units;
    }

    private static AccessUnit accessUnit(List<byte[]> nals) {
        boolean key = nals.stream().anyMatch(n -> isIrap(type(n)));
        return new AccessUnit(List.copyOf(nals), key);
    }

    /** The first NAL unit of {@code type}, or an AssertionError. */
    static byte[] first(List<byte[]> nals, int type) {
        return nals.stream().filter(n -> type(n) == type).findFirst()
                .orElseThrow(() -> new AssertionError("no NAL unit of type " + type));
    }

    /** The RBSP of a NAL unit: emulation_prevention_three_byte removed (the header kept). */
    static byte[] rbsp(byte[] nal) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(nal.length);
        int zeros = 0;
        for (byte x : nal) {
            if (zeros >= 2 && x == 3) {
                zeros = 0;
                continue;
            }
            zeros = x == 0 ? zeros + 1 : 0;
            b.write(x);
        }
        return b.toByteArray();
    }

    /**
     * An HEVCDecoderConfigurationRecord with one VPS, SPS and PPS and 4-byte NAL lengths. The
     * general profile/tier/level (12 bytes, byte-aligned after the SPS's first byte) and the
     * temporal layers come from the SPS; 4:2:0, 8 bits, frame rate and segmentation unknown.
     */
    static byte[] decoderConfigurationRecord(byte[] vps, byte[] sps, byte[] pps) {
        byte[] r = rbsp(sps);
        if (r.length < 15) {
            throw new IllegalArgumentException("SPS too short: " + r.length + " bytes");
        }
        int maxSubLayersMinus1 = (r[2] >> 1) & 0x07;
        boolean nested = (r[2] & 0x01) != 0;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(1); // configurationVersion
        b.write(r, 3, 12); // general_profile_space..general_level_idc
        b.write(0xF0); // reserved 1111 + min_spatial_segmentation_idc 0
        b.write(0x00);
        b.write(0xFC); // reserved 111111 + parallelismType 0 (unknown)
        b.write(0xFC | 1); // chromaFormat 4:2:0
        b.write(0xF8); // bitDepthLumaMinus8 0
        b.write(0xF8); // bitDepthChromaMinus8 0
        b.write(0); // avgFrameRate 0 (unknown)
        b.write(0);
        // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne 3
        b.write((maxSubLayersMinus1 + 1) << 3 | (nested ? 0x04 : 0) | 0x03);
        b.write(3); // numOfArrays
        writeArray(b, NAL_VPS, vps);
        writeArray(b, NAL_SPS, sps);
        writeArray(b, NAL_PPS, pps);
        return b.toByteArray();
    }

    private static void writeArray(ByteArrayOutputStream b, int type, byte[] nal) {
        b.write(0x80 | type); // array_completeness 1: no parameter sets in band needed
        b.write(0);
        b.write(1); // numNalus
        b.write(nal.length >>> 8);
        b.write(nal.length);
        b.writeBytes(nal);
    }

    /** The record for the first VPS, SPS and PPS of {@code nals}. */
    static byte[] decoderConfigurationRecord(List<byte[]> nals) {
        return decoderConfigurationRecord(first(nals, NAL_VPS), first(nals, NAL_SPS), first(nals, NAL_PPS));
    }
}
