package io.strom.example.udpmpegts.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Track;
import io.strom.api.media.Unit;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import io.strom.api.path.Publisher;
import io.strom.api.path.PublisherHandle;
import io.strom.codec.RtpFormats;
import io.strom.codec.RtpPacketizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demuxed program into one path: each elementary stream becomes a track, each access unit a
 * {@link Unit}. This is the part of a plugin that talks to the stream core, and the pattern every
 * publisher follows:
 *
 * <ol>
 *   <li>learn the formats (here from the first frames, as MPEG-TS has no SDP), then
 *       {@link PathManager#addPublisher} with a {@link MediaDescription};</li>
 *   <li>write each access unit with {@link PublisherHandle#write}, which takes ownership;</li>
 *   <li>add the unit's RTP packets too, made once by the {@code codec} bundle's packetizer, but
 *       only while {@link PublisherHandle#hasRtpReaders()} says an RTSP or WebRTC reader wants
 *       them: the stream shares them with every such reader instead of each reader packetizing;</li>
 *   <li>close the handle when the source goes away, and obey {@link Publisher#close} when the
 *       core ends the publisher.</li>
 * </ol>
 *
 * <p>The path is joined once every track has its format, or {@value #JOIN_WAIT_SECONDS} s after
 * the program appeared with the tracks known by then (a PMT may announce a track that never
 * sends). Units before joining are dropped: readers cannot exist yet. A refused join (the path
 * has a publisher, or is not configured) is retried at most every {@value #RETRY_SECONDS} s.
 * Everything runs on the source's event loop; {@link #close(String)} hops onto it.
 */
final class TsToStream implements TsDemuxer.Listener, Publisher {

    static final String TYPE = "udpSource";
    private static final int JOIN_WAIT_SECONDS = 3;
    private static final int RETRY_SECONDS = 5;
    private static final int FIRST_DYNAMIC_PAYLOAD_TYPE = 96;
    private static final long MASK_33 = (1L << 33) - 1;
    private static final Logger LOG = LoggerFactory.getLogger(TsToStream.class);

    private final String path;
    private final String id;
    private final PathManager pathManager;
    private final ByteBufAllocator alloc;
    private final EventLoop loop;
    private final SourceCounters counters;
    private final LongSupplier nanoTime;
    /** By PID, in PMT order, so tracks keep the order the muxer gave them. */
    private final Map<Integer, Slot> slots = new LinkedHashMap<>();
    private PublisherHandle handle;
    private long programSince;
    private long retryAfter;

    /** One elementary stream: its reader, its track once joined, and its timestamp unwrapping. */
    private static final class Slot {
        final MediaKind kind;
        final TrackReader reader;
        int track = -1;
        RtpPacketizer packetizer;
        boolean started;
        long lastPts;

        Slot(MediaKind kind, TrackReader reader) {
            this.kind = kind;
            this.reader = reader;
        }

        /** Extends a 33-bit PTS to a time line that does not wrap (every 26.5 h); small steps back are B-frames. */
        long unwrap(long pts) {
            if (!started) {
                started = true;
                lastPts = pts;
                return pts;
            }
            long delta = ((pts - lastPts) << 31) >> 31; // sign-extend the 33-bit difference
            lastPts += delta;
            return lastPts;
        }
    }

    TsToStream(String path, String id, PathManager pathManager, ByteBufAllocator alloc, EventLoop loop,
               SourceCounters counters, LongSupplier nanoTime) {
        this.path = path;
        this.id = id;
        this.pathManager = pathManager;
        this.alloc = alloc;
        this.loop = loop;
        this.counters = counters;
        this.nanoTime = nanoTime;
        this.retryAfter = nanoTime.getAsLong();
    }

    @Override
    public void onProgram(List<ElementaryStream> streams) {
        end();
        slots.clear();
        for (ElementaryStream es : streams) {
            MediaKind kind = es.codec().startsWith("H26") ? MediaKind.VIDEO : MediaKind.AUDIO;
            slots.put(es.pid(), new Slot(kind, TrackReader.of(es, FIRST_DYNAMIC_PAYLOAD_TYPE + slots.size(), alloc)));
        }
        programSince = nanoTime.getAsLong();
        LOG.info("{}: program with {}", path, streams.stream().map(ElementaryStream::codec).toList());
    }

    @Override
    public void onPes(ElementaryStream stream, long pts, long dts, ByteBuf payload) {
        Slot slot = slots.get(stream.pid());
        if (slot == null || pts == PesHeader.NONE) {
            counters.invalidPackets.increment();
            return;
        }
        long unwrapped = slot.unwrap(pts);
        long unwrappedDts = unwrapped - ((pts - dts) & MASK_33);
        if (!slot.reader.read(payload, unwrapped, unwrappedDts, (au, p, d, ra) -> write(slot, au, p, d, ra))) {
            counters.invalidPackets.increment();
        }
    }

    private void write(Slot slot, ByteBuf accessUnit, long pts, long dts, boolean randomAccess) {
        if (handle == null) {
            join();
        }
        if (handle == null || slot.track < 0) {
            accessUnit.release();
            return;
        }
        Unit unit = Unit.newUnit(slot.track, pts, dts, randomAccess).setAccessUnit(accessUnit);
        if (slot.packetizer != null && handle.hasRtpReaders()) {
            // The packetizer borrows the access unit and adds packets that the unit then owns.
            slot.packetizer.packetize(accessUnit, pts, unit::addRtpPacket);
        }
        handle.write(unit);
        counters.unitsWritten.increment();
    }

    /** Joins the path when the formats are known (see the class comment). */
    private void join() {
        long now = nanoTime.getAsLong();
        boolean complete = slots.values().stream().allMatch(s -> s.reader.format() != null);
        boolean waited = now - programSince >= Duration.ofSeconds(JOIN_WAIT_SECONDS).toNanos();
        if (slots.isEmpty() || now - retryAfter < 0 || !(complete || waited)) {
            return;
        }
        List<Track> tracks = new ArrayList<>();
        for (Slot slot : slots.values()) {
            Format format = slot.reader.format();
            slot.track = -1;
            if (format != null) {
                slot.track = tracks.size();
                tracks.add(new Track(slot.track, slot.kind, format));
            }
        }
        if (tracks.isEmpty()) {
            return;
        }
        try {
            handle = pathManager.addPublisher(new AddPublisherRequest(path, this, new MediaDescription(tracks)));
        } catch (PathException e) {
            retryAfter = now + Duration.ofSeconds(RETRY_SECONDS).toNanos();
            LOG.warn("{}: cannot publish ({}: {}); retrying in {} s", path, e.reason(), e.getMessage(), RETRY_SECONDS);
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (Slot slot : slots.values()) {
            if (slot.track >= 0) {
                Format format = slot.reader.format();
                slot.packetizer = RtpFormats.packetizer(format, RtpPacketizer.Options.of(alloc, format.payloadType(),
                        random.nextInt() & 0xFFFFFFFFL, random.nextInt(0x10000))).orElse(null);
            }
        }
        LOG.info("{}: publishing {}", path, new MediaDescription(tracks).codecs());
    }

    /** Leaves the path, if joined; a later access unit joins again. */
    void end() {
        PublisherHandle h = handle;
        handle = null;
        if (h != null) {
            h.close();
        }
    }

    boolean publishing() {
        return handle != null;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String id() {
        return id;
    }

    /** The core ends this publisher (replaced, path configuration removed); join again after the retry delay. */
    @Override
    public void close(String reason) {
        loop.execute(() -> {
            LOG.info("{}: publisher closed by the core: {}", path, reason);
            handle = null;
            retryAfter = nanoTime.getAsLong() + Duration.ofSeconds(RETRY_SECONDS).toNanos();
        });
    }
}
