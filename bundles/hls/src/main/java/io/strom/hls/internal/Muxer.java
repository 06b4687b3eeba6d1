package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import io.strom.api.media.Unit;
import io.strom.api.path.Reader;
import io.strom.api.path.ReaderHandle;
import io.strom.api.protocol.ProtocolSession;
import io.strom.codec.fmp4.Fmp4Track;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HLS muxer of one path: a reader of the path's access units that cuts them into parts and
 * segments, keeps the last {@code hlsSegmentCount} segments in memory and answers the path's
 * requests. Everything it owns is used on its one event loop: units arrive there and requests
 * are handed over to it, so it needs no lock.
 *
 * <p>Segments start at a video keyframe once {@code hlsSegmentDuration} has passed; in the
 * low-latency variant a part ends before the frame that would take it past its
 * {@link PartTarget} (whole frames near {@code hlsPartDuration}). A segment's program date time
 * is the wall clock when its first sample arrived ({@link ProgramDateTime}). A sample is written
 * when the next sample of its track arrives, which gives its duration. Requests for what does not exist yet (a playlist with a future
 * {@code _HLS_msn}, the hinted part, the first playlist before the first segment) are held,
 * each with a timer, and answered when the muxer produces it or when the timer fires.
 */
final class Muxer implements Reader {

    private static final Logger LOG = LoggerFactory.getLogger(Muxer.class);
    /** The most requests held at once by one muxer; more get 503. */
    static final int MAX_WAITERS = 4096;
    /** How long a request for the first content waits. */
    private static final long FIRST_CONTENT_WAIT_SECONDS = 15;

    private final HlsServer server;
    final String path;
    private final String id;
    private final EventLoop loop;
    private final HlsSettings settings;
    private final ByteBufAllocator allocator;
    private final Instant created = Instant.now();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile ReaderHandle handle;
    private volatile boolean closed;
    private ScheduledFuture<?> idleCheck;
    private long lastRequestNanos = System.nanoTime();

    private Track video;
    private Track audio;
    private ChunkWriter writer;
    private String codecs;
    private String resolution;

    private boolean started;
    private long videoBase;
    private long audioBase;
    private int masterClock;
    private final ProgramDateTime programDateTime;
    private Instant segmentArrival;
    private Pending pendingVideo;
    private Pending pendingAudio;
    private long lastAudioDts = -1;
    private long audioDuration;
    private long partStart;
    private long segmentStart;
    private long segmentSize;

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final List<Part> currentParts = new ArrayList<>();
    private final Map<Long, Part> parts = new HashMap<>();
    private long nextMsn;
    private long nextPartId;
    private int targetDuration;
    private PartTarget partTarget;
    private final List<Waiter> waiters = new ArrayList<>();
    /** The playlists as sent, rendered on the first request after a change and shared by every reader until the next. */
    private ByteBuf mediaPlaylist;
    private ByteBuf deltaPlaylist;
    private ByteBuf multivariantPlaylist;

    private record Pending(ByteBuf au, long dts, int ptsDelta, boolean sync) {
    }

    private record Waiter(HlsRequest request, BooleanSupplier ready, Runnable answer, ScheduledFuture<?> timeout) {
    }

    Muxer(HlsServer server, String path, String id, EventLoop loop, HlsSettings settings, ByteBufAllocator allocator,
            Clock clock) {
        this.server = server;
        this.path = path;
        this.id = id;
        this.loop = loop;
        this.settings = settings;
        this.allocator = allocator;
        this.targetDuration = (int) Math.max(1, Math.ceil(settings.segmentDuration().toNanos() / 1e9));
        this.programDateTime = new ProgramDateTime(clock);
    }

    /** Picks the tracks the variant can carry; on any thread, before units flow. */
    void start(ReaderHandle h) {
        boolean ts = settings.variant() == HlsSettings.Variant.MPEGTS;
        for (Track t : h.description().tracks()) {
            String codec = t.format().codec();
            boolean ok = ts ? TsChunkWriter.supports(codec) : Fmp4Track.supports(codec);
            if (t.kind() == MediaKind.VIDEO && video == null && ok) {
                video = t;
            } else if (t.kind() == MediaKind.AUDIO && audio == null && ok) {
                audio = t;
            } else {
                LOG.info("HLS muxer of '{}' leaves out track {} ({}): the {} variant cannot carry it",
                        path, t.index(), codec, settings.variant().key);
            }
        }
        masterClock = (video != null ? video : audio == null ? h.description().tracks().get(0) : audio).format().clockRate();
        partTarget = new PartTarget(ticks(settings.partDuration().toNanos()));
        handle = h;
        loop.execute(() -> idleCheck = loop.scheduleAtFixedRate(this::checkIdle, 1, 1, TimeUnit.SECONDS));
    }

    boolean carriesNothing() {
        return video == null && audio == null;
    }

    // ---- units -------------------------------------------------------------------------------

    @Override
    public boolean readsRtpPackets() {
        return false;
    }

    @Override
    public Executor executor() {
        return loop;
    }

    @Override
    public void onUnit(Unit unit) {
        // handle is written last by start(): once it is seen, so are the tracks it chose.
        if (handle == null || closed || unit.accessUnit() == null) {
            return;
        }
        try {
            if (video != null && unit.track() == video.index()) {
                onVideo(unit);
            } else if (audio != null && unit.track() == audio.index()) {
                onAudio(unit);
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("HLS muxer of '{}' stops: {}", path, e.getMessage());
            close("bad stream: " + e.getMessage());
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
                closePart(pendingVideo.dts());
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
                closePart(dts);
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
        if (settings.variant() == HlsSettings.Variant.MPEGTS) {
            TsChunkWriter ts = new TsChunkWriter(video, audio, allocator);
            writer = ts;
            codecs = ts.codecs(keyframe);
            resolution = null;
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
    }

    private boolean lowLatency() {
        return settings.variant() == HlsSettings.Variant.LOW_LATENCY;
    }

    /** The master track's sample at {@code time} (ticks from the start) arrived and is about to be written. */
    private void cutSegment(long time, boolean keyframe) {
        if (keyframe && time - segmentStart >= ticks(settings.segmentDuration().toNanos())) {
            closePart(time);
            closeSegment(time);
        }
    }

    private long ticks(long nanos) {
        return nanos * masterClock / 1_000_000_000L;
    }

    private void closePart(long time) {
        boolean independent = writer.independent();
        ByteBuf data = writer.flush();
        if (data == null) {
            return;
        }
        long partTicks = time - partStart;
        Part p = new Part(nextPartId++, partTicks / (double) masterClock, independent, data);
        partStart = time;
        currentParts.add(p);
        parts.put(p.id(), p);
        segmentSize += data.readableBytes();
        if (lowLatency() && partTarget.finished(partTicks)) {
            LOG.info("HLS muxer of '{}': a part of one frame lasts {} s, longer than PART-TARGET; the target grows to it",
                    path, Playlists.decimal(p.duration()));
        }
        if (segmentSize > settings.segmentMaxSize()) {
            close("a segment exceeds hlsSegmentMaxSize (" + settings.segmentMaxSize() + " bytes)");
            return;
        }
        playlistsChanged();
        wake();
    }

    private void closeSegment(long time) {
        if (closed || currentParts.isEmpty()) {
            return;
        }
        CompositeByteBuf data = allocator.compositeBuffer(currentParts.size());
        for (Part p : currentParts) {
            data.addComponent(true, p.data().retainedDuplicate());
        }
        double duration = (time - segmentStart) / (double) masterClock;
        segments.addLast(new Segment(nextMsn++, duration, segmentArrival, List.copyOf(currentParts), data));
        segmentArrival = programDateTime.arrival(); // the sample at time, which begins the next segment, arrived now
        targetDuration = Math.max(targetDuration, (int) Math.round(duration)); // RFC 8216 4.3.3.1: EXTINF rounded
        currentParts.clear();
        segmentStart = time;
        segmentSize = 0;
        while (segments.size() > settings.segmentCount()) {
            Segment old = segments.removeFirst();
            old.parts().forEach(p -> parts.remove(p.id()));
            old.release();
        }
        writer.startSegment();
        playlistsChanged();
        wake();
    }

    // ---- requests ----------------------------------------------------------------------------

    /** The event loop everything of this muxer runs on. */
    EventLoop loop() {
        return loop;
    }

    /** Answers a request; on the muxer's loop. */
    void serve(HlsRequest r) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> serve(r));
            return;
        }
        lastRequestNanos = System.nanoTime();
        if (closed) {
            r.error(HttpResponseStatus.NOT_FOUND, "the stream of '" + path + "' ended");
            return;
        }
        boolean ts = settings.variant() == HlsSettings.Variant.MPEGTS;
        String file = r.file();
        switch (file) {
            case "index.m3u8" -> whenReady(r, this::hasContent, () -> sendMultivariant(r), FIRST_CONTENT_WAIT_SECONDS);
            case "stream.m3u8" -> mediaPlaylist(r);
            case "init.mp4" -> {
                if (ts) {
                    r.error(HttpResponseStatus.NOT_FOUND, "the mpegts variant has no init.mp4");
                } else {
                    whenReady(r, this::hasContent, () -> send(r, "video/mp4", writer.init().retainedDuplicate(), true),
                            FIRST_CONTENT_WAIT_SECONDS);
                }
            }
            default -> mediaFile(r, file, ts);
        }
    }

    private void mediaFile(HlsRequest r, String file, boolean ts) {
        String ext = ts ? ".ts" : ".mp4";
        if (file.startsWith("seg") && file.endsWith(ext)) {
            long msn = number(file, 3, ext.length());
            for (Segment s : segments) {
                if (s.msn() == msn) {
                    send(r, ts ? "video/mp2t" : "video/mp4", s.data().retainedDuplicate(), true);
                    return;
                }
            }
            r.error(HttpResponseStatus.NOT_FOUND, "segment " + file + " of '" + path + "' does not exist (expired or not yet written)");
        } else if (!ts && settings.variant() == HlsSettings.Variant.LOW_LATENCY && file.startsWith("part") && file.endsWith(".mp4")) {
            long id = number(file, 4, 4);
            Part p = parts.get(id);
            if (p != null) {
                send(r, "video/mp4", p.data().retainedDuplicate(), true);
            } else if (id == nextPartId && started) {
                // The preload hint: answered as soon as the part is written.
                whenReady(r, () -> parts.containsKey(id), () -> send(r, "video/mp4", parts.get(id).data().retainedDuplicate(), true),
                        waitSeconds());
            } else {
                r.error(HttpResponseStatus.NOT_FOUND, "part " + file + " of '" + path + "' does not exist (expired or not yet written)");
            }
        } else {
            r.error(HttpResponseStatus.NOT_FOUND, "no file " + file + " in the " + settings.variant().key + " variant");
        }
    }

    /** The number in {@code name} between a prefix and a suffix, or -1. */
    private static long number(String name, int prefix, int suffix) {
        String digits = name.substring(prefix, name.length() - suffix);
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    private void mediaPlaylist(HlsRequest r) {
        boolean ll = settings.variant() == HlsSettings.Variant.LOW_LATENCY;
        if (!ll && (r.msn() >= 0 || r.part() >= 0)) {
            r.error(HttpResponseStatus.BAD_REQUEST, "_HLS_msn/_HLS_part: blocking reload needs hlsVariant lowLatency");
            return;
        }
        if (r.part() >= 0 && r.msn() < 0) {
            r.error(HttpResponseStatus.BAD_REQUEST, "_HLS_part: given without _HLS_msn");
            return;
        }
        if (r.msn() < 0) {
            whenReady(r, this::hasContent, () -> sendMediaPlaylist(r), FIRST_CONTENT_WAIT_SECONDS);
            return;
        }
        // RFC 8216bis 6.2.5.2: more than two segments ahead of the last one is a bad request.
        if (r.msn() > nextMsn + 1) {
            r.error(HttpResponseStatus.BAD_REQUEST, "_HLS_msn: " + r.msn() + " is more than two segments after the last ("
                    + (nextMsn - 1) + ")");
            return;
        }
        whenReady(r, () -> hasContent() && has(r.msn(), r.part()), () -> sendMediaPlaylist(r), waitSeconds());
    }

    /** Whether segment {@code msn} (part {@code part}, or the whole segment when -1) is written. */
    private boolean has(long msn, long part) {
        if (part < 0) {
            return msn < nextMsn;
        }
        if (msn == nextMsn) {
            return part < currentParts.size();
        }
        if (msn > nextMsn) {
            return false;
        }
        for (Segment s : segments) {
            if (s.msn() == msn) {
                // A part index past the segment's last part means the next segment's first part.
                return part < s.parts().size() || has(msn + 1, 0);
            }
        }
        return true; // expired long ago
    }

    private boolean hasContent() {
        return !segments.isEmpty();
    }

    /** How long a blocking request is held: three target durations, as RFC 8216bis suggests. */
    private long waitSeconds() {
        return 3L * targetDuration;
    }

    private void whenReady(HlsRequest r, BooleanSupplier ready, Runnable answer, long timeoutSeconds) {
        if (ready.getAsBoolean()) {
            answer.run();
            return;
        }
        if (waiters.size() >= MAX_WAITERS) {
            r.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many requests waiting for '" + path + "'");
            return;
        }
        Waiter[] self = new Waiter[1];
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            if (waiters.remove(self[0])) {
                r.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "'" + path + "' produced nothing new within " + timeoutSeconds + " s");
            }
        }, timeoutSeconds, TimeUnit.SECONDS);
        self[0] = new Waiter(r, ready, answer, timeout);
        waiters.add(self[0]);
    }

    private void wake() {
        if (waiters.isEmpty()) {
            return;
        }
        List<Waiter> due = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.ready().getAsBoolean()) {
                it.remove();
                due.add(w);
            }
        }
        for (Waiter w : due) {
            w.timeout().cancel(false);
            w.answer().run();
        }
    }

    /** Drops the rendered playlists; responses still being written keep their own reference. */
    private void playlistsChanged() {
        for (ByteBuf b : new ByteBuf[] {mediaPlaylist, deltaPlaylist, multivariantPlaylist}) {
            if (b != null) {
                b.release();
            }
        }
        mediaPlaylist = null;
        deltaPlaylist = null;
        multivariantPlaylist = null;
    }

    private void sendMultivariant(HlsRequest r) {
        if (multivariantPlaylist == null) {
            multivariantPlaylist = utf8(renderMultivariant());
        }
        send(r, HlsRequest.M3U8, multivariantPlaylist.retainedDuplicate(), false);
    }

    private String renderMultivariant() {
        long max = 0;
        long sum = 0;
        double seconds = 0;
        for (Segment s : segments) {
            long bits = s.data().readableBytes() * 8L;
            max = Math.max(max, (long) (bits / Math.max(s.duration(), 0.001)));
            sum += bits;
            seconds += s.duration();
        }
        return Playlists.multivariant(settings.variant(), codecs, resolution, max, (long) (sum / Math.max(seconds, 0.001)));
    }

    private void sendMediaPlaylist(HlsRequest r) {
        boolean delta = r.skip() && lowLatency();
        ByteBuf text = delta ? deltaPlaylist : mediaPlaylist;
        if (text == null) {
            text = utf8(Playlists.media(settings.variant(), segments, currentParts, nextPartId,
                    segments.isEmpty() ? nextMsn : segments.getFirst().msn(), targetDuration,
                    partTarget.ticks() / (double) masterClock, delta));
            if (delta) {
                deltaPlaylist = text;
            } else {
                mediaPlaylist = text;
            }
        }
        send(r, HlsRequest.M3U8, text.retainedDuplicate(), false);
    }

    private static ByteBuf utf8(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private void send(HlsRequest r, String type, ByteBuf data, boolean cacheable) {
        bytesSent.addAndGet(r.reply(HttpResponseStatus.OK, type, data, cacheable));
    }

    // ---- life ----------------------------------------------------------------------------------

    private void checkIdle() {
        if (!settings.alwaysRemux() && System.nanoTime() - lastRequestNanos > settings.closeAfter().toNanos()) {
            close("not requested for " + settings.closeAfter().toSeconds() + " s");
        }
    }

    /** Stops the muxer: leaves the path, answers held requests, frees segments. Idempotent, any thread. */
    @Override
    public void close(String reason) {
        if (!loop.inEventLoop()) {
            try {
                loop.execute(() -> close(reason));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closed = true; // the loop is gone: its memory goes with the muxer
            }
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("HLS muxer of '{}' closed: {}", path, reason);
        server.removed(this);
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        ReaderHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
        for (Waiter w : waiters) {
            w.timeout().cancel(false);
            w.request().error(HttpResponseStatus.NOT_FOUND, "the stream of '" + path + "' ended");
        }
        waiters.clear();
        playlistsChanged();
        segments.forEach(Segment::release);
        segments.clear();
        currentParts.forEach(p -> p.data().release());
        currentParts.clear();
        parts.clear();
        for (Pending p : new Pending[] {pendingVideo, pendingAudio}) {
            if (p != null) {
                p.au().release();
            }
        }
        pendingVideo = null;
        pendingAudio = null;
        if (writer != null) {
            writer.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    ProtocolSession describe() {
        return new ProtocolSession(id, created, null, "read", path, 0, bytesSent.get());
    }

    @Override
    public String type() {
        return "hlsMuxer";
    }

    @Override
    public String id() {
        return id;
    }
}
