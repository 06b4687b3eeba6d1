package io.strom.it.osgi;

import io.netty.buffer.Unpooled;
import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Unit;
import io.strom.api.path.Publisher;
import io.strom.api.path.Reader;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Small publisher and reader sessions for tests: they record what the core does to them. */
final class TestSessions {

    static final MediaDescription H264 = MediaDescription.of(MediaKind.VIDEO, Format.of("H264", 96, 90000, 0));

    private TestSessions() {
    }

    static Unit unit(long pts) {
        return Unit.newUnit(0, pts, pts, true).addRtpPacket(Unpooled.buffer(12).writeZero(12));
    }

    static final class TestPublisher implements Publisher {
        private final String id;
        final AtomicReference<String> closedReason = new AtomicReference<>();

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
            closedReason.set(reason);
        }
    }

    static final class TestReader implements Reader {
        private final String id;
        final AtomicInteger units = new AtomicInteger();
        final AtomicReference<String> closedReason = new AtomicReference<>();

        TestReader(String id) {
            this.id = id;
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
            return Runnable::run;
        }

        @Override
        public void onUnit(Unit unit) {
            units.incrementAndGet();
        }

        @Override
        public void close(String reason) {
            closedReason.set(reason);
        }
    }
}
