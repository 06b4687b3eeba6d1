package io.strom.codec.fmp4;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Format;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import io.strom.codec.AudioSpecificConfig;
import io.strom.codec.Mpeg4AudioConfig;
import java.util.Locale;
import java.util.Set;

/**
 * One track of a fragmented MP4 file: its id, timescale and sample entry ({@code avc1} with
 * {@code avcC}, {@code hvc1} with {@code hvcC}, {@code mp4a} with {@code esds}, {@code Opus}
 * with {@code dOps}), and its RFC 6381 codec string for an HLS {@code CODECS} attribute.
 *
 * <p>Timescales are the track's clock rate, so sample times are the units' timestamps as they
 * are (90 kHz video, the sample rate for AAC, 48 kHz for Opus).
 */
public final class Fmp4Track {

    /** The codecs (Strom's names) a track can carry. */
    public static final Set<String> CODECS = Set.of("H264", "H265", "AV1", "VP9", "MPEG-4 Audio", "Opus");

    private static final int H265_VPS = 32;
    private static final int H265_SPS = 33;
    private static final int H265_PPS = 34;

    private final int id;
    private final Format format;
    private final boolean video;
    private final byte[][] parameterSets;
    private final int width;
    private final int height;
    private final byte[] audioConfig;
    private final int sampleRate;
    private final int channels;
    private final String codecString;

    private Fmp4Track(int id, Format format, boolean video, byte[][] parameterSets, int width, int height,
            byte[] audioConfig, int sampleRate, int channels, String codecString) {
        this.id = id;
        this.format = format;
        this.video = video;
        this.parameterSets = parameterSets;
        this.width = width;
        this.height = height;
        this.audioConfig = audioConfig;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.codecString = codecString;
    }

    /** Whether a track of {@code codec} can be written. */
    public static boolean supports(String codec) {
        return CODECS.contains(codec);
    }

    /**
     * The fMP4 track for a stream track.
     *
     * @param id          the MP4 track id, from 1
     * @param track       the stream's track
     * @param accessUnit  a random-access unit of the track, where H264 and H265 find their
     *                    parameter sets when the format's fmtp lacks them; may be null for audio
     * @throws IllegalArgumentException when the codec is not supported or its configuration is
     *                                  missing or malformed (no SPS yet, an AAC fmtp without config)
     */
    public static Fmp4Track of(int id, Track track, ByteBuf accessUnit) {
        if (id < 1) {
            throw new IllegalArgumentException("track id " + id + " is not positive");
        }
        Format f = track.format();
        switch (f.codec()) {
            case "H264": {
                byte[] sps = NalScan.or(NalScan.find(accessUnit, 7, false),
                        NalScan.fromFmtp(f.parameters(), "sprop-parameter-sets", 0));
                byte[] pps = NalScan.or(NalScan.find(accessUnit, 8, false),
                        NalScan.fromFmtp(f.parameters(), "sprop-parameter-sets", 1));
                if (sps == null || pps == null || sps.length < 4) {
                    throw new IllegalArgumentException("H264 track " + track.index() + " has no SPS and PPS yet");
                }
                H264Sps parsed = H264Sps.parse(sps);
                String codec = String.format(Locale.ROOT, "avc1.%02X%02X%02X", sps[1] & 0xFF, sps[2] & 0xFF, sps[3] & 0xFF);
                return new Fmp4Track(id, f, true, new byte[][] {sps, pps}, parsed.width(), parsed.height(), null, 0, 0, codec);
            }
            case "H265": {
                byte[] vps = NalScan.or(NalScan.find(accessUnit, H265_VPS, true), NalScan.fromFmtp(f.parameters(), "sprop-vps", 0));
                byte[] sps = NalScan.or(NalScan.find(accessUnit, H265_SPS, true), NalScan.fromFmtp(f.parameters(), "sprop-sps", 0));
                byte[] pps = NalScan.or(NalScan.find(accessUnit, H265_PPS, true), NalScan.fromFmtp(f.parameters(), "sprop-pps", 0));
                if (vps == null || sps == null || pps == null) {
                    throw new IllegalArgumentException("H265 track " + track.index() + " has no VPS, SPS and PPS yet");
                }
                H265Sps parsed = H265Sps.parse(sps);
                return new Fmp4Track(id, f, true, new byte[][] {vps, sps, pps}, parsed.width(), parsed.height(), null, 0, 0,
                        h265CodecString(parsed.profileTierLevel()));
            }
            case "AV1": {
                if (accessUnit == null) {
                    throw new IllegalArgumentException("AV1 track " + track.index() + " has no sequence header yet");
                }
                Av1SequenceHeader h = Av1SequenceHeader.find(accessUnit);
                return new Fmp4Track(id, f, true, new byte[][] {h.obu()}, h.width(), h.height(), null, 0, 0,
                        String.format(Locale.ROOT, "av01.%d.%02d%c.%02d", h.profile(), h.level(), h.tier() == 0 ? 'M' : 'H',
                                h.bitDepth()));
            }
            case "VP9": {
                if (accessUnit == null || accessUnit.readableBytes() < 10) {
                    throw new IllegalArgumentException("VP9 track " + track.index() + " has no keyframe yet");
                }
                byte[] frame = new byte[Math.min(accessUnit.readableBytes(), 64)];
                accessUnit.getBytes(accessUnit.readerIndex(), frame);
                Vp9Header h = Vp9Header.parse(frame);
                return new Fmp4Track(id, f, true, new byte[][] {frame}, h.width(), h.height(), null, 0, 0,
                        String.format(Locale.ROOT, "vp09.%02d.%02d.%02d", h.profile(), h.level(), h.bitDepth()));
            }
            case "MPEG-4 Audio": {
                byte[] config = Mpeg4AudioConfig.of(f).config();
                AudioSpecificConfig asc = AudioSpecificConfig.parse(config);
                return new Fmp4Track(id, f, false, null, 0, 0, config, asc.sampleRate(),
                        asc.channels() == 0 ? 2 : asc.channels(), "mp4a.40." + asc.objectType());
            }
            case "Opus":
                return new Fmp4Track(id, f, false, null, 0, 0, null, 48000, Math.max(1, f.channels()), "opus");
            default:
                throw new IllegalArgumentException("fMP4 cannot carry " + f.codec());
        }
    }

    private static String h265CodecString(byte[] ptl) {
        int space = (ptl[0] & 0xFF) >> 6;
        boolean highTier = (ptl[0] & 0x20) != 0;
        int profile = ptl[0] & 0x1F;
        int compat = ((ptl[1] & 0xFF) << 24) | ((ptl[2] & 0xFF) << 16) | ((ptl[3] & 0xFF) << 8) | (ptl[4] & 0xFF);
        StringBuilder s = new StringBuilder("hvc1.");
        s.append(space == 0 ? "" : String.valueOf((char) ('A' + space - 1))).append(profile)
                .append('.').append(Integer.toHexString(Integer.reverse(compat)).toUpperCase(Locale.ROOT))
                .append('.').append(highTier ? 'H' : 'L').append(ptl[11] & 0xFF);
        int last = 10;
        while (last >= 5 && ptl[last] == 0) {
            last--;
        }
        for (int i = 5; i <= last; i++) {
            s.append('.').append(String.format(Locale.ROOT, "%02X", ptl[i] & 0xFF));
        }
        return s.toString();
    }

    public int id() {
        return id;
    }

    public Format format() {
        return format;
    }

    public MediaKind kind() {
        return video ? MediaKind.VIDEO : MediaKind.AUDIO;
    }

    public boolean isVideo() {
        return video;
    }

    /** Ticks per second of this track's sample times: the format's clock rate. */
    public int timescale() {
        return format.clockRate();
    }

    /** Picture width, 0 for audio. */
    public int width() {
        return width;
    }

    /** Picture height, 0 for audio. */
    public int height() {
        return height;
    }

    /** The RFC 6381 codec string ({@code avc1.64001F}, {@code mp4a.40.2}, {@code opus}, ...). */
    public String codecString() {
        return codecString;
    }

    /** Writes this track's {@code stsd} sample entry. */
    void writeSampleEntry(ByteBuf out) {
        switch (format.codec()) {
            case "H264" -> {
                int entry = visualEntry(out, "avc1");
                int avcc = Boxes.open(out, "avcC");
                byte[] sps = parameterSets[0];
                out.writeByte(1).writeByte(sps[1]).writeByte(sps[2]).writeByte(sps[3]);
                out.writeByte(0xFF); // 4-byte NAL lengths
                out.writeByte(0xE1).writeShort(sps.length).writeBytes(sps);
                out.writeByte(1).writeShort(parameterSets[1].length).writeBytes(parameterSets[1]);
                Boxes.close(out, avcc);
                Boxes.close(out, entry);
            }
            case "H265" -> {
                int entry = visualEntry(out, "hvc1");
                int hvcc = Boxes.open(out, "hvcC");
                H265Sps sps = H265Sps.parse(parameterSets[1]);
                out.writeByte(1).writeBytes(sps.profileTierLevel());
                out.writeShort(0xF000); // min_spatial_segmentation_idc 0
                out.writeByte(0xFC); // parallelismType unknown
                out.writeByte(0xFC | sps.chromaFormat());
                out.writeByte(0xF8).writeByte(0xF8); // bit depths: 8 (a decoder reads the SPS)
                out.writeShort(0); // avgFrameRate unknown
                out.writeByte(0x0F); // one temporal layer not signalled, 4-byte NAL lengths
                out.writeByte(3);
                int[] types = {H265_VPS, H265_SPS, H265_PPS};
                for (int i = 0; i < 3; i++) {
                    out.writeByte(0x80 | types[i]).writeShort(1).writeShort(parameterSets[i].length).writeBytes(parameterSets[i]);
                }
                Boxes.close(out, hvcc);
                Boxes.close(out, entry);
            }
            case "AV1" -> {
                int entry = visualEntry(out, "av01");
                int av1c = Boxes.open(out, "av1C");
                Av1SequenceHeader h = Av1SequenceHeader.find(io.netty.buffer.Unpooled.wrappedBuffer(parameterSets[0]));
                out.writeByte(0x81).writeByte((h.profile() << 5) | h.level());
                out.writeByte((h.tier() << 7) | (h.bitDepth() > 8 ? 0x40 : 0) | (h.bitDepth() == 12 ? 0x20 : 0)
                        | (h.monochrome() ? 0x10 : 0) | (h.subsamplingX() << 3) | (h.subsamplingY() << 2) | h.chromaSamplePosition());
                out.writeByte(0); // no initial presentation delay
                out.writeBytes(h.obu());
                Boxes.close(out, av1c);
                Boxes.close(out, entry);
            }
            case "VP9" -> {
                int entry = visualEntry(out, "vp09");
                int vpcc = Boxes.openFull(out, "vpcC", 1, 0);
                Vp9Header h = Vp9Header.parse(parameterSets[0]);
                out.writeByte(h.profile()).writeByte(h.level());
                out.writeByte((h.bitDepth() << 4) | (h.chromaSubsampling() << 1) | (h.fullRange() ? 1 : 0));
                out.writeByte(2).writeByte(2).writeByte(2); // colour primaries, transfer, matrix: unspecified
                out.writeShort(0); // no codec initialization data
                Boxes.close(out, vpcc);
                Boxes.close(out, entry);
            }
            case "MPEG-4 Audio" -> {
                int entry = audioEntry(out, "mp4a");
                int esds = Boxes.openFull(out, "esds", 0, 0);
                int decoderSpecific = 2 + audioConfig.length;
                int decoderConfig = 2 + 13 + decoderSpecific;
                out.writeByte(0x03).writeByte(3 + decoderConfig + 3); // ES_Descriptor
                out.writeShort(id).writeByte(0);
                out.writeByte(0x04).writeByte(13 + decoderSpecific); // DecoderConfigDescriptor
                out.writeByte(0x40).writeByte(0x15).writeMedium(0).writeInt(0).writeInt(0); // MPEG-4 audio stream
                out.writeByte(0x05).writeByte(audioConfig.length).writeBytes(audioConfig);
                out.writeByte(0x06).writeByte(1).writeByte(0x02); // SLConfigDescriptor: MP4
                Boxes.close(out, esds);
                Boxes.close(out, entry);
            }
            case "Opus" -> {
                int entry = audioEntry(out, "Opus");
                int dops = Boxes.open(out, "dOps");
                out.writeByte(0).writeByte(channels).writeShort(0).writeInt(48000).writeShort(0).writeByte(0);
                Boxes.close(out, dops);
                Boxes.close(out, entry);
            }
            default -> throw new IllegalStateException(format.codec());
        }
    }

    private int visualEntry(ByteBuf out, String type) {
        int entry = Boxes.open(out, type);
        Boxes.zeros(out, 6);
        out.writeShort(1); // data_reference_index
        Boxes.zeros(out, 16);
        out.writeShort(width).writeShort(height);
        out.writeInt(0x00480000).writeInt(0x00480000); // 72 dpi
        out.writeInt(0);
        out.writeShort(1); // frame_count
        Boxes.zeros(out, 32); // compressorname
        out.writeShort(0x18).writeShort(0xFFFF);
        return entry;
    }

    private int audioEntry(ByteBuf out, String type) {
        int entry = Boxes.open(out, type);
        Boxes.zeros(out, 6);
        out.writeShort(1); // data_reference_index
        Boxes.zeros(out, 8);
        out.writeShort(channels).writeShort(16);
        out.writeInt(0);
        out.writeInt(Math.min(sampleRate, 0xFFFF) << 16);
        return entry;
    }
}
