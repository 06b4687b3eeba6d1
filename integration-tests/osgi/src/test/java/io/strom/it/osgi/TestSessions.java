package io.strom.it.osgi;

import io.netty.buffer.Unpooled;
import io.strom.api.media.Format;
import io.strom.api.media.MediaDescription;
import io.strom.api.media.MediaKind;
import io.strom.api.media.Unit;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.PathException;
import io.strom.api.path.PathManager;
import io.strom.api.path.Publisher;
import io.strom.api.path.PublisherHandle;
import io.strom.api.path.Reader;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Small publisher and reader sessions for tests: they record what the core does to them. */
final class TestSessions {

    static final MediaDescription H264 = MediaDescription.of(MediaKind.VIDEO, Format.of("H264", 96, 90000, 0));

    /** What a browser can read over WebRTC: constrained-baseline H264 (non-interleaved) and Opus. */
    static final MediaDescription H264_OPUS = MediaDescription.of(
            MediaKind.VIDEO, new Format("H264", 96, 90000, 0, Map.of("packetization-mode", "1", "profile-level-id", "42e01f")),
            MediaKind.AUDIO, Format.of("Opus", 111, 48000, 2));

    private TestSessions() {
    }

    /** Publishes {@link #H264_OPUS} on {@code path} from the probe: a stream a WHEP reader can take. */
    static PublisherHandle publishH264AndOpus(PathManager pathManager, String path) throws PathException {
        return pathManager.addPublisher(new AddPublisherRequest(path, new TestPublisher("in-probe"), H264_OPUS));
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
