package io.strom.core.internal;

/**
 * Where path configuration components hand their validated configurations to the path manager.
 * An internal service of this bundle, never exported.
 */
interface PathConfRegistry {

    /**
     * Adds or replaces the configuration of factory configuration {@code pid}.
     *
     * @throws InvalidConfigException when another configuration has the same name
     */
    void put(String pid, PathConfImpl conf) throws InvalidConfigException;

    /** Removes the configuration of {@code pid}; streams that no longer match are closed. */
    void remove(String pid);
}
