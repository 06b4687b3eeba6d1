package io.strom.api.path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The settings of a path configuration (a {@code paths:} entry of {@code strom.yml}, or a
 * factory configuration of PID {@link #FACTORY_PID}). Attribute names are MediaMTX's.
 */
@ProviderType
public interface PathConf {

    /** The factory PID of path configurations. */
    String FACTORY_PID = "io.strom.path";

    /** The name matching every path that no other configuration matches. */
    String ALL_OTHERS = "all_others";

    /** The configuration's name: an exact path, {@code ~regex}, or {@link #ALL_OTHERS}. */
    String name();

    /** Where the stream comes from; {@code publisher} means a client publishes it. */
    String source();

    /** Whether a new publisher replaces the current one instead of being refused. */
    boolean overridePublisher();

    /** The most readers the path accepts at once; 0 means no limit. */
    int maxReaders();
}
