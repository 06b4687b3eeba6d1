package io.strom.core.internal;

import io.strom.api.media.MediaDescription;
import io.strom.api.media.Unit;
import io.strom.api.path.PathInfo;
import io.strom.api.path.Publisher;
import io.strom.api.path.PublisherHandle;
import io.strom.api.path.Reader;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream of one published path: the publisher's way in and the fan-out to every reader.
 *
 * <p>{@link #write} takes no lock and allocates nothing: it reads the current reader array (a
 * copy-on-write snapshot replaced under this stream's monitor when readers come and go) and
 * offers the same {@link Unit}, retained once per reader, to each reader's queue. The monitor
 * is never taken on the hot path.
 */
final class Stream implements PublisherHandle {

    private static final Logger LOG = LoggerFactory.getLogger(Stream.class);
    private static final ReaderSlot[] NO_READERS = new ReaderSlot[0];

    private final PathManagerImpl manager;
    private final String name;
    private final Publisher publisher;
    private final MediaDescription description;
    private final int trackCount;
    private final Instant readyTime;
    private final LongSupplier nanoClock;
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder unitsDropped = new LongAdder();
    private volatile PathConfImpl conf;
    private volatile ReaderSlot[] readers = NO_READERS;
    private volatile boolean accessUnitReaders;
    private volatile boolean rtpReaders;
    private volatile boolean closed;

    Stream(PathManagerImpl manager, String name, PathConfImpl conf, Publisher publisher, MediaDescription description,
            Instant readyTime, LongSupplier nanoClock) {
        this.manager = manager;
        this.name = name;
        this.conf = conf;
        this.publisher = publisher;
        this.description = description;
        this.trackCount = description.tracks().size();
        this.readyTime = readyTime;
        this.nanoClock = nanoClock;
    }

    String name() {
        return name;
    }

    @Override
    public PathConfImpl conf() {
        return conf;
    }

    void setConf(PathConfImpl conf) {
        this.conf = conf;
    }

    /** Passes a keyframe request to the publisher, which never blocks. */
    void requestKeyframe() {
        try {
            publisher.requestKeyframe();
        } catch (RuntimeException e) {
            LOG.warn("publisher {} {} failed a keyframe request", publisher.type(), publisher.id(), e);
        }
    }

    Publisher publisher() {
        return publisher;
    }

    @Override
    public MediaDescription description() {
        return description;
    }

    @Override
    public void write(Unit unit) {
        if (closed) {
            unit.release();
            return;
        }
        if (unit.track() >= trackCount) {
            int track = unit.track();
            unit.release();
            throw new IllegalArgumentException("track " + track + " is not in the description (" + trackCount + " tracks)");
        }
        try {
            if (!unit.isDerived()) {
                bytesReceived.add(unit.size());
            }
            for (ReaderSlot reader : readers) {
                reader.offer(unit);
            }
        } finally {
            unit.release();
        }
    }

    void countSent(int bytes) {
        bytesSent.add(bytes);
    }

    /** A reader's queue was full and a unit was dropped for it. */
    void countDrop() {
        unitsDropped.increment();
    }

    long bytesReceived() {
        return bytesReceived.sum();
    }

    long bytesSent() {
        return bytesSent.sum();
    }

    /** Units dropped for slow readers of this stream, including readers that left. */
    long unitsDropped() {
        return unitsDropped.sum();
    }

    int readerCount() {
        return readers.length;
    }

    /** Attaches a reader, unless the stream is closed or full; under the manager's lock. */
    synchronized ReaderSlot addReader(Reader reader, int queueSize) {
        ReaderSlot slot = new ReaderSlot(this, reader, queueSize, nanoClock);
        ReaderSlot[] next = Arrays.copyOf(readers, readers.length + 1);
        next[next.length - 1] = slot;
        readers = next;
        countInterests(next);
        requestKeyframe(); // so that the new reader starts soon, not at the source's next GOP
        return slot;
    }

    private void countInterests(ReaderSlot[] current) {
        boolean au = false;
        boolean rtp = false;
        for (ReaderSlot s : current) {
            au |= s.reader().readsAccessUnits();
            rtp |= s.reader().readsRtpPackets();
        }
        accessUnitReaders = au;
        rtpReaders = rtp;
    }

    @Override
    public boolean hasAccessUnitReaders() {
        return accessUnitReaders;
    }

    @Override
    public boolean hasRtpReaders() {
        return rtpReaders;
    }

    synchronized void removeReader(ReaderSlot slot) {
        ReaderSlot[] current = readers;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == slot) {
                ReaderSlot[] next = new ReaderSlot[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                readers = next;
                countInterests(next);
                return;
            }
        }
    }

    /** The publisher stops: the stream ends and its readers are closed. */
    @Override
    public void close() {
        if (!closed) {
            manager.streamClosed(this);
            end("the publisher of '" + name + "' closed");
        }
    }

    /** The core ends the stream: the publisher is told why, and the readers are closed. */
    void closeByCore(String reason) {
        if (!closed) {
            try {
                publisher.close(reason);
            } catch (RuntimeException e) {
                LOG.warn("publisher {} {} failed to close", publisher.type(), publisher.id(), e);
            }
            end(reason);
        }
    }

    private void end(String reason) {
        ReaderSlot[] last;
        synchronized (this) {
            closed = true;
            last = readers;
            readers = NO_READERS;
        }
        for (ReaderSlot reader : last) {
            reader.closeByCore(reason);
        }
    }

    PathInfo info() {
        ReaderSlot[] current = readers;
        PathInfo.SessionRef[] refs = new PathInfo.SessionRef[current.length];
        for (int i = 0; i < current.length; i++) {
            refs[i] = new PathInfo.SessionRef(current[i].reader().type(), current[i].reader().id());
        }
        return new PathInfo(name, conf.name(), new PathInfo.SessionRef(publisher.type(), publisher.id()), true,
                readyTime, description.codecs(), bytesReceived.sum(), bytesSent.sum(), Arrays.asList(refs));
    }

    @Override
    public String toString() {
        return "Stream[" + name + "]";
    }
}
