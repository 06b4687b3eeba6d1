package io.strom.api.path;

import org.osgi.annotation.versioning.ConsumerType;

/** A protocol session that publishes into a path, as the stream core sees it. */
@ConsumerType
public interface Publisher {

    /** The session type, as the control API names it ({@code rtspSession}, {@code rtmpConn}, ...). */
    String type();

    /** The session's id, unique within its type. */
    String id();

    /**
     * The core ends this publisher: it was replaced, its path configuration went away, or the
     * core stopped. Called at most once, on any thread; must not block.
     */
    void close(String reason);

    /**
     * A reader needs a keyframe: one just attached, or a reader's client lost one. A publisher
     * that can ask its source for one (WebRTC's PLI) does so, rate-limited; others ignore it.
     * Called on any thread; must not block.
     */
    default void requestKeyframe() {
    }
}
