package io.strom.core.internal;

import io.netty.buffer.PooledByteBufAllocator;
import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Unit;
import io.strom.api.path.Publisher;
import io.strom.api.path.Reader;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/** Small test doubles: sessions that record what the core does, and configuration helpers. */
final class Fakes {

    static final MediaDescription H264_OPUS = MediaDescription.of(MediaKind.VIDEO, Format.of("H264", 96, 90000, 0),
            MediaKind.AUDIO, Format.of("Opus", 111, 48000, 2));

    private Fakes() {
    }

    static Unit unit(int track, long pts, int bytes) {
        return Unit.newUnit(track, pts, pts, true).addRtpPacket(PooledByteBufAllocator.DEFAULT.buffer(bytes).writeZero(bytes));
    }

    static PathManagerImpl.Config coreConfig(int writeQueueSize) {
        return new PathManagerImpl.Config() {
            @Override
            public int writeQueueSize() {
                return writeQueueSize;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return PathManagerImpl.Config.class;
            }
        };
    }

    static PathConfImpl conf(String name, boolean override, int maxReaders) {
        try {
            return PathConfImpl.parse(Map.of("name", name, "overridePublisher", override, "maxReaders", maxReaders));
        } catch (InvalidConfigException e) {
            throw new AssertionError(e);
        }
    }

    static final class TestPublisher implements Publisher {
        final String id;
        final AtomicReference<String> closed = new AtomicReference<>();

        TestPublisher(String id) {
            this.id = id;
        }

        @Override
        public String type() {
            return "testPublisher";
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void close(String reason) {
            closed.set(reason);
        }
    }

    /** A reader whose executor runs tasks only when told to, so tests decide when it is slow. */
    static final class TestReader implements Reader {
        final String id;
        final List<Unit> seen = new ArrayList<>();
        final List<Long> pts = new ArrayList<>();
        final AtomicReference<String> closed = new AtomicReference<>();
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final boolean direct;

        TestReader(String id, boolean direct) {
            this.id = id;
            this.direct = direct;
        }

        @Override
        public String type() {
            return "testReader";
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Executor executor() {
            return direct ? Runnable::run : tasks::add;
        }

        /** Runs every queued task, as an event loop would. */
        void runTasks() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }

        @Override
        public void onUnit(Unit unit) {
            seen.add(unit);
            pts.add(unit.pts());
        }

        @Override
        public void close(String reason) {
            closed.set(reason);
        }
    }
}
