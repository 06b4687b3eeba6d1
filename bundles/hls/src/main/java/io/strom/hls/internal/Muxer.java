package io.strom.hls.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.strom.api.media.Unit;
import io.strom.api.path.Reader;
import io.strom.api.path.ReaderHandle;
import io.strom.api.protocol.ProtocolSession;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HLS muxer of one path: a reader of the path's access units whose {@link Cutter} cuts them
 * into parts and segments in the publisher's write call, and which keeps the last
 * {@code hlsSegmentCount} segments in memory and answers the path's requests on its one event
 * loop. The cutter hands each finished piece to that loop, and requests are handed to it too
 * (a keep-alive connection moves onto it), so what the muxer serves needs no lock.
 *
 * <p>Requests for what does not exist yet (a playlist with a future {@code _HLS_msn}, the
 * hinted part, the first playlist before the first segment) are held, each with a timer, and
 * answered when the piece arrives or when the timer fires.
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
    private final Clock clock;
    private final Instant created = Instant.now();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile ReaderHandle handle;
    private volatile Cutter cutter;
    private volatile boolean closed;
    private ScheduledFuture<?> idleCheck;
    private long lastRequestNanos = System.nanoTime();

    // What the cutter handed over; on the loop only.
    private Cutter.Header header;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final List<Part> currentParts = new ArrayList<>();
    private final Map<Long, Part> parts = new HashMap<>();
    private long nextMsn;
    private long nextPartId;
    private int targetDuration;
    private double partTarget;
    private final List<Waiter> waiters = new ArrayList<>();
    /** The playlists as sent, rendered on the first request after a change and shared by every reader until the next. */
    private ByteBuf mediaPlaylist;
    private ByteBuf deltaPlaylist;
    private ByteBuf multivariantPlaylist;

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
        this.clock = clock;
        this.targetDuration = Cutter.initialTargetDuration(settings);
    }

    /** Picks the tracks the variant can carry; on any thread, before units flow. */
    void start(ReaderHandle h) {
        cutter = new Cutter(path, h.description(), settings, allocator, clock, new ToLoop());
        handle = h;
        loop.execute(() -> idleCheck = loop.scheduleAtFixedRate(this::checkIdle, 1, 1, TimeUnit.SECONDS));
    }

    boolean carriesNothing() {
        return cutter.carriesNothing();
    }

    // ---- units -------------------------------------------------------------------------------

    @Override
    public boolean readsRtpPackets() {
        return false;
    }

    /** Units are cut in the publisher's write call, with no hand-over: see {@link Cutter}. */
    @Override
    public Executor executor() {
        return Runnable::run;
    }

    @Override
    public void onUnit(Unit unit) {
        // handle is written last by start(): once it is seen, so is the cutter.
        if (handle != null && !closed) {
            cutter.onUnit(unit);
        }
    }

    /** Takes the cutter's pieces to the muxer's loop, where requests are answered. */
    private final class ToLoop implements Cutter.Output {

        @Override
        public void started(Cutter.Header h) {
            onLoop(() -> {
                if (closed) {
                    h.release();
                } else {
                    header = h;
                }
            }, h::release);
        }

        @Override
        public void cut(Cutter.Cut c) {
            onLoop(() -> add(c), () -> releaseLate(c));
        }

        @Override
        public void failed(String reason) {
            LOG.warn("HLS muxer of '{}' stops: {}", path, reason);
            close(reason);
        }

        private void onLoop(Runnable task, Runnable orphaned) {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                orphaned.run(); // the loop is gone and the muxer with it
            }
        }
    }

    private void add(Cutter.Cut c) {
        if (closed) {
            releaseLate(c);
            return;
        }
        targetDuration = c.targetDuration();
        partTarget = c.partTarget();
        if (c.part() != null) {
            currentParts.add(c.part());
            parts.put(c.part().id(), c.part());
            nextPartId = c.part().id() + 1;
        }
        Segment s = c.segment();
        if (s != null) {
            segments.addLast(s);
            currentParts.clear(); // the segment holds them now
            nextMsn = s.msn() + 1;
            while (segments.size() > settings.segmentCount()) {
                Segment old = segments.removeFirst();
                old.parts().forEach(p -> parts.remove(p.id()));
                old.release();
            }
        }
        playlistsChanged();
        wake();
    }

    /**
     * Releases a cut that reached a closed muxer: its part, and its segment's own data (the
     * segment's earlier parts were released by {@link #close} with the unfinished segment).
     */
    private static void releaseLate(Cutter.Cut c) {
        if (c.part() != null) {
            c.part().data().release();
        }
        if (c.segment() != null) {
            c.segment().data().release();
        }
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
                    whenReady(r, this::hasContent, () -> send(r, "video/mp4", header.init().retainedDuplicate(), true),
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
        } else if (lowLatency() && file.startsWith("part") && file.endsWith(".mp4")) {
            long id = number(file, 4, 4);
            Part p = parts.get(id);
            if (p != null) {
                send(r, "video/mp4", p.data().retainedDuplicate(), true);
            } else if (id == nextPartId && header != null) {
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
        if (!lowLatency() && (r.msn() >= 0 || r.part() >= 0)) {
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
        return Playlists.multivariant(settings.variant(), header.codecs(), header.resolution(), max, (long) (sum / Math.max(seconds, 0.001)));
    }

    private void sendMediaPlaylist(HlsRequest r) {
        boolean delta = r.skip() && lowLatency();
        ByteBuf text = delta ? deltaPlaylist : mediaPlaylist;
        if (text == null) {
            text = utf8(Playlists.media(settings.variant(), segments, currentParts, nextPartId,
                    segments.isEmpty() ? nextMsn : segments.getFirst().msn(), targetDuration,
                    partTarget, delta));
            if (delta) {
                deltaPlaylist = text;
            } else {
                mediaPlaylist = text;
            }
        }
        send(r, HlsRequest.M3U8, text.retainedDuplicate(), false);
    }

    private boolean lowLatency() {
        return settings.variant() == HlsSettings.Variant.LOW_LATENCY;
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
            } catch (RejectedExecutionException e) {
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
        Cutter c = cutter;
        if (c != null) {
            c.close();
        }
        if (header != null) {
            header.release();
            header = null;
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
