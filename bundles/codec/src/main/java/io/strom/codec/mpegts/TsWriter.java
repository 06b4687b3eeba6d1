package io.strom.codec.mpegts;

import io.netty.buffer.ByteBuf;
import io.strom.api.media.Format;
import io.strom.codec.Mpeg4AudioConfig;
import java.util.Set;

/**
 * Writes one program of up to one video and one audio stream as 188-byte transport stream
 * packets: {@link #writeTables} (PAT and PMT, at the start of each segment) and
 * {@link #writeVideo}/{@link #writeAudio} (one PES packet per access unit). Times are 90 kHz;
 * the caller keeps them non-negative. The video stream carries the PCR (the audio stream when
 * there is no video). Not thread-safe: one writer per output.
 */
public final class TsWriter {

    /** The codecs (Strom's names) a stream can carry. */
    public static final Set<String> CODECS = Set.of("H264", "H265", "MPEG-4 Audio", "MPEG-1/2 Audio");

    static final int PACKET_SIZE = 188;
    static final int PMT_PID = 0x1000;
    static final int VIDEO_PID = 0x100;
    static final int AUDIO_PID = 0x101;
    private static final byte[] H264_AUD = {0, 0, 0, 1, 0x09, (byte) 0xF0};
    private static final byte[] H265_AUD = {0, 0, 0, 1, 0x46, 0x01, 0x50};

    private final String videoCodec;
    private final String audioCodec;
    private final int[] adts; // profile, frequency index, channel configuration
    private final int[] counters = new int[0x2000];

    /**
     * @param video the video format, or null
     * @param audio the audio format, or null
     * @throws IllegalArgumentException for a codec MPEG-TS cannot carry here, or an AAC
     *                                  configuration ADTS cannot express
     */
    public TsWriter(Format video, Format audio) {
        if (video == null && audio == null) {
            throw new IllegalArgumentException("a transport stream needs a video or an audio stream");
        }
        videoCodec = video == null ? null : video.codec();
        audioCodec = audio == null ? null : audio.codec();
        if (videoCodec != null && !Set.of("H264", "H265").contains(videoCodec)) {
            throw new IllegalArgumentException("MPEG-TS cannot carry " + videoCodec + " video here");
        }
        if (audioCodec != null && !Set.of("MPEG-4 Audio", "MPEG-1/2 Audio").contains(audioCodec)) {
            throw new IllegalArgumentException("MPEG-TS cannot carry " + audioCodec + " audio here");
        }
        adts = "MPEG-4 Audio".equals(audioCodec) ? adtsFields(Mpeg4AudioConfig.of(audio).config()) : null;
    }

    /** The ADTS profile, sampling frequency index and channel configuration of an AudioSpecificConfig. */
    private static int[] adtsFields(byte[] config) {
        if (config.length < 2) {
            throw new IllegalArgumentException("AudioSpecificConfig is shorter than 2 bytes");
        }
        int objectType = (config[0] & 0xFF) >> 3;
        int frequency = ((config[0] & 0x07) << 1) | ((config[1] & 0xFF) >> 7);
        int channels = ((config[1] & 0xFF) >> 3) & 0x0F;
        if (objectType < 1 || objectType > 4 || frequency > 12 || channels > 7) {
            throw new IllegalArgumentException("ADTS cannot carry audio object type " + objectType
                    + " at frequency index " + frequency + " with channel configuration " + channels);
        }
        return new int[] {objectType - 1, frequency, channels};
    }

    private int pcrPid() {
        return videoCodec != null ? VIDEO_PID : AUDIO_PID;
    }

    /** Writes the PAT and the PMT. */
    public void writeTables(ByteBuf out) {
        byte[] pat = {0x00, (byte) 0xB0, 0, 0x00, 0x01, (byte) 0xC1, 0x00, 0x00,
            0x00, 0x01, (byte) (0xE0 | (PMT_PID >> 8)), (byte) PMT_PID};
        writeSection(out, 0, pat);
        int streams = (videoCodec != null ? 1 : 0) + (audioCodec != null ? 1 : 0);
        byte[] pmt = new byte[12 + 5 * streams];
        pmt[0] = 0x02;
        pmt[1] = (byte) 0xB0;
        pmt[3] = 0x00;
        pmt[4] = 0x01; // program_number 1
        pmt[5] = (byte) 0xC1;
        pmt[8] = (byte) (0xE0 | (pcrPid() >> 8));
        pmt[9] = (byte) pcrPid();
        pmt[10] = (byte) 0xF0; // program_info_length 0
        int at = 12;
        if (videoCodec != null) {
            at = streamEntry(pmt, at, videoCodec.equals("H264") ? 0x1B : 0x24, VIDEO_PID);
        }
        if (audioCodec != null) {
            streamEntry(pmt, at, audioCodec.equals("MPEG-4 Audio") ? 0x0F : 0x03, AUDIO_PID);
        }
        writeSection(out, PMT_PID, pmt);
    }

    private static int streamEntry(byte[] pmt, int at, int type, int pid) {
        pmt[at] = (byte) type;
        pmt[at + 1] = (byte) (0xE0 | (pid >> 8));
        pmt[at + 2] = (byte) pid;
        pmt[at + 3] = (byte) 0xF0;
        return at + 5;
    }

    /** One PSI section (without its CRC, with its length field still to fill) in one packet. */
    private void writeSection(ByteBuf out, int pid, byte[] section) {
        int length = section.length - 3 + 4; // after the length field, CRC included
        section[1] = (byte) ((section[1] & 0xF0) | 0x30 | (length >> 8));
        section[2] = (byte) length;
        int start = out.writerIndex();
        out.writeByte(0x47).writeShort(0x4000 | pid).writeByte(0x10 | nextCounter(pid));
        out.writeByte(0); // pointer_field
        out.writeBytes(section);
        out.writeInt(Crc32Mpeg.of(section));
        while (out.writerIndex() - start < PACKET_SIZE) {
            out.writeByte(0xFF);
        }
    }

    private int nextCounter(int pid) {
        int c = counters[pid];
        counters[pid] = (c + 1) & 0x0F;
        return c;
    }

    /**
     * Writes a video access unit (AVCC layout) as Annex B behind an access unit delimiter.
     *
     * @param keyframe whether it is a random-access point (flagged in the adaptation field)
     */
    public void writeVideo(ByteBuf out, ByteBuf accessUnit, long pts, long dts, boolean keyframe) {
        byte[] aud = videoCodec.equals("H264") ? H264_AUD : H265_AUD;
        int size = aud.length;
        int end = accessUnit.writerIndex();
        for (int pos = accessUnit.readerIndex(); pos + 4 <= end; ) {
            int length = accessUnit.getInt(pos);
            if (length < 0 || length > end - pos - 4) {
                throw new IllegalArgumentException("AVCC length " + length + " runs past the access unit");
            }
            size += 4 + length;
            pos += 4 + length;
        }
        ByteBuf es = out.alloc().buffer(size);
        try {
            es.writeBytes(aud);
            for (int pos = accessUnit.readerIndex(); pos + 4 <= end; ) {
                int length = accessUnit.getInt(pos);
                es.writeInt(1).writeBytes(accessUnit, pos + 4, length);
                pos += 4 + length;
            }
            writePes(out, VIDEO_PID, 0xE0, es, pts, dts, keyframe, pcrPid() == VIDEO_PID);
        } finally {
            es.release();
        }
    }

    /** Writes an audio access unit: a raw AAC frame gets its ADTS header, an MPEG audio frame goes as it is. */
    public void writeAudio(ByteBuf out, ByteBuf accessUnit, long pts) {
        int length = accessUnit.readableBytes();
        ByteBuf es = out.alloc().buffer(length + 7);
        try {
            if (adts != null) {
                int frame = length + 7;
                if (frame > 0x1FFF) {
                    throw new IllegalArgumentException("AAC frame of " + length + " bytes is too long for ADTS");
                }
                es.writeByte(0xFF).writeByte(0xF1);
                es.writeByte((adts[0] << 6) | (adts[1] << 2) | (adts[2] >> 2));
                es.writeByte(((adts[2] & 3) << 6) | (frame >> 11));
                es.writeByte(frame >> 3);
                es.writeByte(((frame & 7) << 5) | 0x1F);
                es.writeByte(0xFC);
            }
            es.writeBytes(accessUnit, accessUnit.readerIndex(), length);
            writePes(out, AUDIO_PID, 0xC0, es, pts, pts, true, pcrPid() == AUDIO_PID);
        } finally {
            es.release();
        }
    }

    private void writePes(ByteBuf out, int pid, int streamId, ByteBuf es, long pts, long dts, boolean randomAccess,
            boolean pcr) {
        boolean withDts = dts != pts;
        int headerLength = withDts ? 10 : 5;
        int pesLength = 3 + headerLength + es.readableBytes();
        ByteBuf header = out.alloc().buffer(9 + headerLength);
        try {
            header.writeMedium(1).writeByte(streamId);
            header.writeShort(pesLength > 0xFFFF || streamId == 0xE0 ? 0 : pesLength);
            header.writeByte(0x80).writeByte(withDts ? 0xC0 : 0x80).writeByte(headerLength);
            timestamp(header, withDts ? 0x3 : 0x2, pts);
            if (withDts) {
                timestamp(header, 0x1, dts);
            }
            packetize(out, pid, header, es, randomAccess, pcr ? dts : -1);
        } finally {
            header.release();
        }
    }

    private static void timestamp(ByteBuf out, int prefix, long t) {
        t &= 0x1FFFFFFFFL;
        out.writeByte((prefix << 4) | (int) ((t >> 29) & 0x0E) | 1);
        out.writeShort((int) ((t >> 14) & 0xFFFE) | 1);
        out.writeShort((int) ((t << 1) & 0xFFFE) | 1);
    }

    /** Splits a PES packet (header, then payload) into transport packets. */
    private void packetize(ByteBuf out, int pid, ByteBuf header, ByteBuf payload, boolean randomAccess, long pcr) {
        int total = header.readableBytes() + payload.readableBytes();
        int written = 0;
        boolean first = true;
        while (written < total) {
            int adaptation = first && (pcr >= 0 || randomAccess) ? (pcr >= 0 ? 8 : 2) : 0;
            int room = PACKET_SIZE - 4 - adaptation;
            int chunk = Math.min(room, total - written);
            if (chunk < room) {
                adaptation += room - chunk; // stuffing
            }
            out.writeByte(0x47).writeShort((first ? 0x4000 : 0) | pid)
                    .writeByte((adaptation > 0 ? 0x30 : 0x10) | nextCounter(pid));
            if (adaptation > 0) {
                out.writeByte(adaptation - 1);
                if (adaptation > 1) {
                    int flags = first && randomAccess ? 0x40 : 0;
                    boolean writePcr = first && pcr >= 0;
                    out.writeByte(flags | (writePcr ? 0x10 : 0));
                    int used = 2;
                    if (writePcr) {
                        long base = pcr & 0x1FFFFFFFFL;
                        out.writeInt((int) (base >> 1)).writeByte((int) ((base & 1) << 7) | 0x7E).writeByte(0);
                        used += 6;
                    }
                    for (int i = used; i < adaptation; i++) {
                        out.writeByte(0xFF);
                    }
                }
            }
            int fromHeader = Math.max(0, Math.min(chunk, header.readableBytes() - written));
            if (fromHeader > 0) {
                out.writeBytes(header, header.readerIndex() + written, fromHeader);
            }
            int fromPayload = chunk - fromHeader;
            if (fromPayload > 0) {
                int payloadOffset = written + fromHeader - header.readableBytes();
                out.writeBytes(payload, payload.readerIndex() + payloadOffset, fromPayload);
            }
            written += chunk;
            first = false;
        }
    }
}
