package io.strom.core.internal;

import io.strom.api.media.MediaDescription;
import io.strom.api.metrics.MetricsSource;
import io.strom.api.metrics.MetricsWriter;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathException.Reason;
import io.strom.api.path.PathInfo;
import io.strom.api.path.PathManager;
import io.strom.api.path.PathNames;
import io.strom.api.path.PublisherHandle;
import io.strom.api.path.ReaderHandle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path manager: which configuration governs a path, who publishes there, who reads.
 *
 * <p>Control operations (publish, read, configuration changes) are serialised on one monitor;
 * they are rare. The media path never takes it: publishers write straight into their
 * {@link Stream}. When a configuration changes, every stream is re-resolved: a stream whose
 * governing configuration went away or became another one is closed, one whose configuration
 * was only edited runs on with the new settings (a lowered {@code maxReaders} applies to readers
 * that come later).
 */
@Component(service = {PathManager.class, PathConfRegistry.class, MetricsSource.class}, configurationPid = PathManagerImpl.PID, immediate = true)
@Designate(ocd = PathManagerImpl.Config.class)
public class PathManagerImpl implements PathManager, PathConfRegistry, MetricsSource {

    static final String PID = "io.strom.core";

    @ObjectClassDefinition(id = PID, name = "Strom core",
            description = "Paths, publishers and readers: settings shared by every protocol.")
    @interface Config {
        @AttributeDefinition(name = "Write queue size",
                description = "Units queued per reader (a power of two, 1 to 32768). A reader that falls further behind "
                        + "loses whole units. Higher absorbs longer stalls of a reader; lower uses less memory. "
                        + "Applies to readers that attach after a change.")
        int writeQueueSize() default 512;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PathManagerImpl.class);

    private final Object lock = new Object();
    private final Map<String, PathConfImpl> confsByPid = new LinkedHashMap<>();
    private final Map<String, Stream> streams = new HashMap<>();
    private final Clock clock;
    private final LongSupplier nanoClock;
    private volatile PathConfTable table = PathConfTable.EMPTY;
    private volatile int writeQueueSize;
    private boolean stopped;

    @Activate
    public PathManagerImpl(Config config) {
        this(config, Clock.systemUTC(), System::nanoTime);
    }

    PathManagerImpl(Config config, Clock clock, LongSupplier nanoClock) {
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.writeQueueSize = validQueueSize(config.writeQueueSize());
    }

    @Modified
    void modified(Config config) {
        try {
            writeQueueSize = validQueueSize(config.writeQueueSize());
        } catch (IllegalArgumentException e) {
            LOG.error("configuration {} rejected, keeping writeQueueSize {}: {}", PID, writeQueueSize, e.getMessage());
        }
    }

    private static int validQueueSize(int size) {
        if (size < 1 || size > ReaderQueue.MAX_CAPACITY || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("writeQueueSize: must be a power of two from 1 to "
                    + ReaderQueue.MAX_CAPACITY + ", got " + size);
        }
        return size;
    }

    int writeQueueSize() {
        return writeQueueSize;
    }

    @Deactivate
    void close() {
        List<Stream> all;
        synchronized (lock) {
            stopped = true;
            all = new ArrayList<>(streams.values());
            streams.clear();
        }
        all.forEach(s -> s.closeByCore("the stream core stopped"));
    }

    // ---- configurations

    @Override
    public void put(String pid, PathConfImpl conf) throws InvalidConfigException {
        List<Stream> toClose;
        synchronized (lock) {
            for (Map.Entry<String, PathConfImpl> e : confsByPid.entrySet()) {
                if (!e.getKey().equals(pid) && e.getValue().name().equals(conf.name())) {
                    throw new InvalidConfigException("name", "another path configuration is named '" + conf.name() + "'");
                }
            }
            confsByPid.put(pid, conf);
            toClose = reindex();
        }
        toClose.forEach(s -> s.closeByCore("the configuration of path '" + s.name() + "' changed"));
    }

    @Override
    public void remove(String pid) {
        List<Stream> toClose;
        synchronized (lock) {
            if (confsByPid.remove(pid) == null) {
                return;
            }
            toClose = reindex();
        }
        toClose.forEach(s -> s.closeByCore("the configuration of path '" + s.name() + "' was removed"));
    }

    /** Rebuilds the table and re-resolves every stream; returns those to close. Under the lock. */
    private List<Stream> reindex() {
        table = new PathConfTable(confsByPid.values());
        List<Stream> toClose = new ArrayList<>();
        for (Stream stream : streams.values()) {
            PathConfImpl now = table.resolve(stream.name());
            if (now == null || !now.name().equals(stream.conf().name())) {
                toClose.add(stream);
            } else {
                stream.setConf(now);
            }
        }
        toClose.forEach(s -> streams.remove(s.name()));
        return toClose;
    }

    // ---- PathManager

    @Override
    public PathConfImpl findPathConf(String path) throws PathException {
        if (!PathNames.isValid(path)) {
            throw new PathException(Reason.INVALID_NAME, "invalid path name '" + path + "'");
        }
        PathConfImpl conf = table.resolve(path);
        if (conf == null) {
            throw new PathException(Reason.NOT_CONFIGURED, "path '" + path + "' is not configured");
        }
        return conf;
    }

    @Override
    public PublisherHandle addPublisher(AddPublisherRequest request) throws PathException {
        String path = request.path();
        Stream replaced;
        Stream stream;
        synchronized (lock) {
            checkRunning();
            PathConfImpl conf = findPathConf(path);
            replaced = streams.get(path);
            if (replaced != null && !conf.overridePublisher()) {
                throw new PathException(Reason.PUBLISHER_EXISTS, "someone is already publishing to path '" + path + "'");
            }
            stream = new Stream(this, path, conf, request.publisher(), request.description(), clock.instant(), nanoClock);
            streams.put(path, stream);
        }
        if (replaced != null) {
            replaced.closeByCore("replaced by a new publisher on path '" + path + "'");
        }
        LOG.info("{} {} is publishing to path '{}', {} track(s): {}", request.publisher().type(), request.publisher().id(),
                path, request.description().tracks().size(), request.description().codecs());
        return stream;
    }

    @Override
    public ReaderHandle addReader(AddReaderRequest request) throws PathException {
        String path = request.path();
        synchronized (lock) {
            checkRunning();
            findPathConf(path);
            Stream stream = streams.get(path);
            if (stream == null) {
                throw new PathException(Reason.NO_PUBLISHER, "no one is publishing to path '" + path + "'");
            }
            int max = stream.conf().maxReaders();
            if (max > 0 && stream.readerCount() >= max) {
                throw new PathException(Reason.MAX_READERS, "path '" + path + "' has its maximum of " + max + " readers");
            }
            return stream.addReader(request.reader(), writeQueueSize);
        }
    }

    @Override
    public MediaDescription describe(String path) throws PathException {
        findPathConf(path);
        Stream stream;
        synchronized (lock) {
            stream = streams.get(path);
        }
        if (stream == null) {
            throw new PathException(Reason.NO_PUBLISHER, "no one is publishing to path '" + path + "'");
        }
        return stream.description();
    }

    @Override
    public List<PathInfo> paths() {
        List<Stream> snapshot = streams();
        List<PathInfo> infos = new ArrayList<>(snapshot.size());
        for (Stream s : snapshot) {
            infos.add(s.info());
        }
        return infos;
    }

    @Override
    public void collect(MetricsWriter out) {
        CoreMetrics.write(streams(), out);
    }

    /** The current streams, sorted by name. */
    private List<Stream> streams() {
        List<Stream> snapshot;
        synchronized (lock) {
            snapshot = new ArrayList<>(streams.values());
        }
        snapshot.sort(Comparator.comparing(Stream::name));
        return snapshot;
    }

    /** A publisher closed its stream. */
    void streamClosed(Stream stream) {
        synchronized (lock) {
            streams.remove(stream.name(), stream);
        }
        LOG.info("{} {} stopped publishing to path '{}'", stream.publisher().type(), stream.publisher().id(), stream.name());
    }

    private void checkRunning() throws PathException {
        if (stopped) {
            throw new PathException(Reason.UNAVAILABLE, "the stream core is stopping");
        }
    }
}
