package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.strom.codec.fmp4.Fmp4Fragment;
import io.strom.codec.fmp4.Fmp4Init;
import io.strom.codec.fmp4.Fmp4Sample;
import io.strom.codec.fmp4.Fmp4Track;
import java.util.ArrayList;
import java.util.List;

/** Chunks as fMP4 fragments: one {@code moof}+{@code mdat} per chunk, after an init segment. */
final class Fmp4ChunkWriter implements ChunkWriter {

    private final ByteBufAllocator allocator;
    private final Fmp4Track video;
    private final Fmp4Track audio;
    private final ByteBuf init;
    private final List<Fmp4Sample> videoSamples = new ArrayList<>();
    private final List<Fmp4Sample> audioSamples = new ArrayList<>();
    private long videoBase;
    private long audioBase;
    private int sequence = 1;

    /** Either track may be null, not both. */
    Fmp4ChunkWriter(Fmp4Track video, Fmp4Track audio, ByteBufAllocator allocator) {
        this.video = video;
        this.audio = audio;
        this.allocator = allocator;
        List<Fmp4Track> tracks = new ArrayList<>();
        if (video != null) {
            tracks.add(video);
        }
        if (audio != null) {
            tracks.add(audio);
        }
        this.init = Fmp4Init.write(tracks, allocator);
    }

    @Override
    public ByteBuf init() {
        return init;
    }

    @Override
    public void add(boolean isVideo, ByteBuf au, long dts, int ptsDelta, int duration, boolean sync) {
        List<Fmp4Sample> samples = isVideo ? videoSamples : audioSamples;
        if (samples.isEmpty()) {
            if (isVideo) {
                videoBase = dts;
            } else {
                audioBase = dts;
            }
        }
        samples.add(new Fmp4Sample(duration, ptsDelta, sync, au.retainedDuplicate()));
    }

    @Override
    public boolean independent() {
        return video == null || (!videoSamples.isEmpty() && videoSamples.get(0).sync());
    }

    @Override
    public ByteBuf flush() {
        if (videoSamples.isEmpty() && audioSamples.isEmpty()) {
            return null;
        }
        List<Fmp4Fragment.Run> runs = new ArrayList<>(2);
        if (!videoSamples.isEmpty()) {
            runs.add(new Fmp4Fragment.Run(video, videoBase, videoSamples));
        }
        if (!audioSamples.isEmpty()) {
            runs.add(new Fmp4Fragment.Run(audio, audioBase, audioSamples));
        }
        ByteBuf out = Fmp4Fragment.write(sequence++, runs, allocator);
        release();
        return out;
    }

    @Override
    public void startSegment() {
        // every fragment stands alone
    }

    private void release() {
        videoSamples.forEach(s -> s.data().release());
        audioSamples.forEach(s -> s.data().release());
        videoSamples.clear();
        audioSamples.clear();
    }

    @Override
    public void close() {
        release();
        init.release();
    }
}
