package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.api.media.Track;
import io.strom.codec.fmp4.Fmp4Track;
import io.strom.codec.mpegts.TsWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Chunks as MPEG-TS packets: each segment starts with the PAT and PMT, then one PES packet per
 * sample. Times move to 90 kHz with a one-second offset, so that the PCR may precede the first
 * decoding time.
 */
final class TsChunkWriter implements ChunkWriter {

    private static final long OFFSET = 90000;

    private final TsWriter ts;
    private final Track video;
    private final Track audio;
    private final ByteBufAllocator allocator;
    private ByteBuf chunk;
    private boolean tables = true;
    private boolean independent = true;
    private boolean empty = true;

    TsChunkWriter(Track video, Track audio, ByteBufAllocator allocator) {
        this.ts = new TsWriter(video == null ? null : video.format(), audio == null ? null : audio.format());
        this.video = video;
        this.audio = audio;
        this.allocator = allocator;
    }

    static boolean supports(String codec) {
        return TsWriter.CODECS.contains(codec);
    }

    /** The multivariant CODECS value, from the first keyframe's parameter sets. */
    String codecs(ByteBuf keyframe) {
        List<String> list = new ArrayList<>();
        if (video != null) {
            list.add(Fmp4Track.of(1, video, keyframe).codecString());
        }
        if (audio != null) {
            list.add(audio.format().codec().equals("MPEG-4 Audio") ? Fmp4Track.of(2, audio, null).codecString() : "mp4a.40.34");
        }
        return String.join(",", list);
    }

    @Override
    public ByteBuf init() {
        return null;
    }

    private ByteBuf chunk() {
        if (chunk == null) {
            chunk = allocator.buffer(64 * 1024);
        }
        if (tables) {
            ts.writeTables(chunk);
            tables = false;
        }
        return chunk;
    }

    @Override
    public void add(boolean isVideo, ByteBuf au, long dts, int ptsDelta, int duration, boolean sync) {
        if (empty) {
            independent = !isVideo ? video == null : sync;
            empty = false;
        }
        if (isVideo) {
            long t = dts * 90000 / video.format().clockRate() + OFFSET;
            long p = (dts + ptsDelta) * 90000 / video.format().clockRate() + OFFSET;
            ts.writeVideo(chunk(), au, p, t, sync);
        } else {
            ts.writeAudio(chunk(), au, dts * 90000 / audio.format().clockRate() + OFFSET);
        }
    }

    @Override
    public ByteBuf flush() {
        ByteBuf out = chunk;
        chunk = null;
        empty = true;
        return out;
    }

    @Override
    public boolean independent() {
        return independent;
    }

    @Override
    public void startSegment() {
        tables = true;
    }

    @Override
    public void close() {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
    }
}
