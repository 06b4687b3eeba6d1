package io.strom.api.path;

import io.strom.api.media.Unit;
import java.util.concurrent.Executor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol session that reads a path, as the stream core sees it.
 *
 * <p>The core queues units for each reader in a bounded queue ({@code writeQueueSize}) and
 * drains it on the reader's {@link #executor()}, so {@link #onUnit} is never called
 * concurrently for one reader. When the queue is full the newest unit is dropped and counted:
 * a slow reader never blocks the publisher or other readers.
 */
@ConsumerType
public interface Reader {

    /** The session type, as the control API names it ({@code rtspSession}, {@code webRTCSession}, ...). */
    String type();

    /** The session's id, unique within its type. */
    String id();

    /**
     * Where {@link #onUnit} runs, usually the session's Netty event loop. A reader whose work
     * per unit is short and never blocks may return a direct executor ({@code Runnable::run}):
     * {@link #onUnit} then runs in the publisher's write call, on the publisher's thread, which
     * saves waking another thread for every unit, but the publisher and the path's other readers
     * wait for it. The HLS muxer does this and hands only its finished parts to its own loop.
     */
    Executor executor();

    /**
     * A unit of the stream. The unit is borrowed: it is released after this returns, so
     * {@code retain()} it to keep it.
     */
    void onUnit(Unit unit);

    /**
     * Whether this reader consumes RTP packets. A unit is queued for a reader only if it carries
     * something the reader consumes, so an RTP reader never wakes up for access units it
     * would drop, nor a remuxing reader for bare RTP packets. Read once, when the reader is added.
     */
    default boolean readsRtpPackets() {
        return true;
    }

    /** Whether this reader consumes access units; see {@link #readsRtpPackets()}. */
    default boolean readsAccessUnits() {
        return true;
    }

    /**
     * The core ends this reader: the publisher went away, the path configuration was removed,
     * or the core stopped. Called at most once, on any thread; must not block.
     */
    void close(String reason);
}
