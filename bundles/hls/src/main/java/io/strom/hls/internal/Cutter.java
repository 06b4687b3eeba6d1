package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import io.strom.api.media.Unit;
import io.strom.codec.fmp4.Fmp4Track;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the access units of one path into parts and segments, in the publisher's write call.
 *
 * <p>Why there and not on the muxer's loop: a unit handed to another loop costs a wake-up of
 * that loop (an eventfd write, an epoll return, a thread switch on another core), some 80 times a
 * second for 30 fps video and 48 kHz AAC; that was the largest fixed cost of a muxer at a few
 * readers. Cut where units are written, only what a player can fetch crosses to the muxer's loop:
 * a finished part (five a second at the default {@code hlsPartDuration}) and the segment it ends.
 * The methods are synchronized because {@link #close} comes from the muxer's loop while a unit
 * may be being cut; the lock is this muxer's alone and uncontended in steady state.
 *
 * <p>Segments start at a video keyframe once {@code hlsSegmentDuration} has passed; in the
 * low-latency variant a part ends before the frame that would take it past its
 * {@link PartTarget} (whole frames near {@code hlsPartDuration}). A segment's program date time
 * is the wall clock when its first sample arrived ({@link ProgramDateTime}). A sample is written
 * when the next sample of its track arrives, which gives its duration.
 */
final class Cutter {

    private static final Logger LOG = LoggerFactory.getLogger(Cutter.class);

    /** Where the pieces go; called in {@link #onUnit}, on the publisher's thread. */
    interface Output {

        /** Cutting began; {@code header} comes before the first cut and is the output's to release. */
        void started(Header header);

        /** A part, a segment, or both, finished; the output owns them. */
        void cut(Cut cut);

        /** The stream cannot be muxed; the cutter has stopped and released what it held. */
        void failed(String reason);
    }

    /**
     * What a player needs before any segment: the container's init segment (null for MPEG-TS,
     * a reference of its own), the multivariant CODECS and RESOLUTION (null when unknown).
     */
    record Header(ByteBuf init, String codecs, String resolution) {

        void release() {
            if (init != null) {
                init.release();
            }
        }
    }

    /**
     * A part that finished, or null when the segment ended with no sample since the last part,
     * and the segment it ends, or null. A segment's {@code parts} are parts handed over earlier
     * plus this one: the receiver owns each part's data once, and the segment's own {@code data}.
     *
     * @param targetDuration the EXT-X-TARGETDURATION, seconds
     * @param partTarget     the PART-TARGET, seconds
     */
    record Cut(Part part, Segment segment, int targetDuration, double partTarget) {
    }

    private final String path;
    private final HlsSettings settings;
    private final ByteBufAllocator allocator;
    private final Output output;
    private final Track video;
    private final Track audio;
    private final int masterClock;
    private final PartTarget partTarget;
    private final ProgramDateTime programDateTime;
    private final long segmentTicks;

    private ChunkWriter writer;
    private boolean started;
    private boolean closed;
    private long videoBase;
    private long audioBase;
    private Instant segmentArrival;
    private Pending pendingVideo;
    private Pending pendingAudio;
    private long lastAudioDts = -1;
    private long audioDuration;
    private long partStart;
    private long segmentStart;
    private long segmentSize;
    private int targetDuration;
    private long nextMsn;
    private long nextPartId;
    /** The parts of the segment being cut, each a reference of the cutter's own, for the segment's data. */
    private final List<Part> segmentParts = new ArrayList<>();
    private final List<ByteBuf> segmentData = new ArrayList<>();

    private record Pending(ByteBuf au, long dts, int ptsDelta, boolean sync) {
    }

    /** Picks the first video and the first audio track the variant can carry and logs the others. */
    Cutter(String path, MediaDescription description, HlsSettings settings, ByteBufAllocator allocator, Clock clock,
            Output output) {
        this.path = path;
        this.settings = settings;
        this.allocator = allocator;
        this.output = output;
        boolean ts = settings.variant() == HlsSettings.Variant.MPEGTS;
        Track v = null;
        Track a = null;
        for (Track t : description.tracks()) {
            String codec = t.format().codec();
            boolean ok = ts ? TsChunkWriter.supports(codec) : Fmp4Track.supports(codec);
            if (t.kind() == MediaKind.VIDEO && v == null && ok) {
                v = t;
            } else if (t.kind() == MediaKind.AUDIO && a == null && ok) {
                a = t;
            } else {
                LOG.info("HLS muxer of '{}' leaves out track {} ({}): the {} variant cannot carry it",
                        path, t.index(), codec, settings.variant().key);
            }
        }
        this.video = v;
        this.audio = a;
        this.masterClock = (v != null ? v : a == null ? description.tracks().get(0) : a).format().clockRate();
        this.partTarget = new PartTarget(ticks(settings.partDuration().toNanos()));
        this.segmentTicks = ticks(settings.segmentDuration().toNanos());
        this.programDateTime = new ProgramDateTime(clock);
        this.targetDuration = initialTargetDuration(settings);
    }

    /** EXT-X-TARGETDURATION before the first segment: {@code hlsSegmentDuration} rounded up. */
    static int initialTargetDuration(HlsSettings settings) {
        return (int) Math.max(1, Math.ceil(settings.segmentDuration().toNanos() / 1e9));
    }

    boolean carriesNothing() {
        return video == null && audio == null;
    }

    /** Cuts one unit; the unit is borrowed. */
    synchronized void onUnit(Unit unit) {
        if (closed || unit.accessUnit() == null) {
            return;
        }
        try {
            if (video != null && unit.track() == video.index()) {
                onVideo(unit);
            } else if (audio != null && unit.track() == audio.index()) {
                onAudio(unit);
            }
        } catch (IllegalArgumentException e) {
            fail("bad stream: " + e.getMessage());
        }
    }

    private void onVideo(Unit unit) {
        boolean key = unit.isRandomAccess();
        if (!started) {
            if (!key) {
                return;
            }
            begin(unit.accessUnit());
            videoBase = unit.dts();
            if (audio != null) {
                audioBase = Math.round(unit.dts() * (double) audio.format().clockRate() / video.format().clockRate());
            }
        }
        long dts = unit.dts() - videoBase;
        if (dts < 0 || (pendingVideo != null && dts <= pendingVideo.dts())) {
            return; // out of order: a decoder could not use it
        }
        if (pendingVideo != null) {
            long duration = dts - pendingVideo.dts();
            // The pending frame's duration is known now: its part ends before it if it does not fit.
            if (lowLatency() && partTarget.endsBefore(partStart, pendingVideo.dts(), duration)) {
                cutPart(pendingVideo.dts());
                if (closed) {
                    return; // a segment outgrew hlsSegmentMaxSize
                }
            }
            writer.add(true, pendingVideo.au(), pendingVideo.dts(), pendingVideo.ptsDelta(), (int) duration, pendingVideo.sync());
            pendingVideo.au().release();
            pendingVideo = null;
            cutSegment(dts, key);
            if (closed) {
                return;
            }
        }
        pendingVideo = new Pending(unit.accessUnit().retain(), dts, (int) (unit.pts() - unit.dts()), key);
    }

    private void onAudio(Unit unit) {
        if (!started) {
            if (video != null) {
                return; // start with the video keyframe
            }
            begin(null);
            audioBase = unit.dts();
        }
        long dts = unit.dts() - audioBase;
        if (dts < 0 || (lastAudioDts >= 0 && dts <= lastAudioDts)) {
            return;
        }
        if (lastAudioDts >= 0) {
            audioDuration = dts - lastAudioDts;
        }
        lastAudioDts = dts;
        if (video == null && audioDuration > 0) {
            // Audio frames last as long as the one before, so this one's duration is known closely enough.
            if (lowLatency() && partTarget.endsBefore(partStart, dts, audioDuration)) {
                cutPart(dts);
            }
            if (!closed) {
                cutSegment(dts, true);
            }
            if (closed) {
                return;
            }
        }
        if (pendingAudio != null) {
            writer.add(false, pendingAudio.au(), pendingAudio.dts(), 0, (int) audioDuration, true);
            pendingAudio.au().release();
            pendingAudio = null;
        }
        if (audioDuration > 0) {
            // Audio frames last as long as the one before: written at once, so parts carry the
            // audio up to their end instead of one frame behind.
            writer.add(false, unit.accessUnit(), dts, 0, (int) audioDuration, true);
        } else {
            pendingAudio = new Pending(unit.accessUnit().retain(), dts, 0, true);
        }
    }

    /** Builds the writer from the first keyframe (the parameter sets) and the audio configuration. */
    private void begin(ByteBuf keyframe) {
        String codecs;
        String resolution = null;
        if (settings.variant() == HlsSettings.Variant.MPEGTS) {
            TsChunkWriter ts = new TsChunkWriter(video, audio, allocator);
            writer = ts;
            codecs = ts.codecs(keyframe);
        } else {
            Fmp4Track v = video == null ? null : Fmp4Track.of(1, video, keyframe);
            Fmp4Track a = audio == null ? null : Fmp4Track.of(video == null ? 1 : 2, audio, null);
            writer = new Fmp4ChunkWriter(v, a, allocator);
            List<String> list = new ArrayList<>();
            if (v != null) {
                list.add(v.codecString());
                resolution = v.width() + "x" + v.height();
            }
            if (a != null) {
                list.add(a.codecString());
            }
            codecs = String.join(",", list);
        }
        started = true;
        segmentArrival = programDateTime.arrival();
        ByteBuf init = writer.init();
        output.started(new Header(init == null ? null : init.retainedDuplicate(), codecs, resolution));
    }

    private boolean lowLatency() {
        return settings.variant() == HlsSettings.Variant.LOW_LATENCY;
    }

    private long ticks(long nanos) {
        return nanos * masterClock / 1_000_000_000L;
    }

    /** Ends the part at {@code time} (ticks from the start) and hands it over. */
    private void cutPart(long time) {
        Part p = closePart(time);
        if (p != null) {
            output.cut(new Cut(p, null, targetDuration, seconds(partTarget.ticks())));
        }
    }

    /** The master track's sample at {@code time} arrived and is about to be written: a segment may end before it. */
    private void cutSegment(long time, boolean keyframe) {
        if (!keyframe || time - segmentStart < segmentTicks) {
            return;
        }
        Part p = closePart(time);
        if (closed || segmentParts.isEmpty()) {
            return;
        }
        Segment s = closeSegment(time);
        output.cut(new Cut(p, s, targetDuration, seconds(partTarget.ticks())));
    }

    private Part closePart(long time) {
        boolean independent = writer.independent();
        ByteBuf data = writer.flush();
        if (data == null) {
            return null;
        }
        long partTicks = time - partStart;
        Part p = new Part(nextPartId++, seconds(partTicks), independent, data);
        partStart = time;
        segmentParts.add(p);
        segmentData.add(data.retainedDuplicate());
        segmentSize += data.readableBytes();
        if (lowLatency() && partTarget.finished(partTicks)) {
            LOG.info("HLS muxer of '{}': a part of one frame lasts {} s, longer than PART-TARGET; the target grows to it",
                    path, Playlists.decimal(p.duration()));
        }
        if (segmentSize > settings.segmentMaxSize()) {
            data.release(); // never handed over
            segmentParts.remove(segmentParts.size() - 1);
            fail("a segment exceeds hlsSegmentMaxSize (" + settings.segmentMaxSize() + " bytes)");
            return null;
        }
        return p;
    }

    private Segment closeSegment(long time) {
        CompositeByteBuf data = allocator.compositeBuffer(segmentData.size());
        for (ByteBuf part : segmentData) {
            data.addComponent(true, part); // the cutter's reference moves into the segment
        }
        segmentData.clear();
        double duration = seconds(time - segmentStart);
        Segment s = new Segment(nextMsn++, duration, segmentArrival, List.copyOf(segmentParts), data);
        segmentArrival = programDateTime.arrival(); // the sample at time, which begins the next segment, arrived now
        targetDuration = Math.max(targetDuration, (int) Math.round(duration)); // RFC 8216 4.3.3.1: EXTINF rounded
        segmentParts.clear();
        segmentStart = time;
        segmentSize = 0;
        writer.startSegment();
        return s;
    }

    private double seconds(long ticks) {
        return ticks / (double) masterClock;
    }

    private void fail(String reason) {
        close();
        output.failed(reason);
    }

    /** Stops cutting and releases what the cutter holds (pieces already handed over are the output's). Idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pending p : new Pending[] {pendingVideo, pendingAudio}) {
            if (p != null) {
                p.au().release();
            }
        }
        pendingVideo = null;
        pendingAudio = null;
        segmentData.forEach(ByteBuf::release);
        segmentData.clear();
        segmentParts.clear();
        if (writer != null) {
            writer.close();
        }
    }
}
