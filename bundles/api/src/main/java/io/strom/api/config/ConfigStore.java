package io.strom.api.config;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The configuration by MediaMTX keys, read from and written to ConfigAdmin (MediaMTX's
 * {@code /v3/config/...} operations). Values are plain data as JSON or YAML parsers give them:
 * String, Boolean, Integer/Long, List and Map.
 *
 * <p>A change is validated as a whole before anything is written: a bad value or an unknown key
 * throws {@link ConfigException} with {@link ConfigException.Reason#INVALID} naming each field,
 * and the running configuration stays. A {@code null} value in a patch leaves that key as it is.
 * Credentials are never returned: passwords read as {@value #REDACTED}.
 */
@ProviderType
public interface ConfigStore {

    /** What a password reads as. */
    String REDACTED = "<redacted>";

    /** Every global key with its configured value, or its default when the bundle that uses it describes one. */
    Map<String, Object> global();

    /** Sets the given global keys ({@code paths} and {@code pathDefaults} are not among them). */
    void patchGlobal(Map<String, Object> changes) throws ConfigException;

    /** The path settings every path configuration starts from. */
    Map<String, Object> pathDefaults();

    /** Sets the given path defaults; every path configuration that does not set a key itself follows. */
    void patchPathDefaults(Map<String, Object> changes) throws ConfigException;

    /** Every path configuration, sorted by name, each with its {@code name} and effective settings. */
    List<Map<String, Object>> paths();

    /** The path configuration {@code name}; {@link ConfigException.Reason#NOT_FOUND} when there is none. */
    Map<String, Object> path(String name) throws ConfigException;

    /** Adds a path configuration; {@link ConfigException.Reason#EXISTS} when the name is taken. */
    void addPath(String name, Map<String, Object> settings) throws ConfigException;

    /** Changes the given settings of a path configuration. */
    void patchPath(String name, Map<String, Object> changes) throws ConfigException;

    /** Replaces a path configuration's own settings (the others come from the path defaults). */
    void replacePath(String name, Map<String, Object> settings) throws ConfigException;

    /** Deletes a path configuration. */
    void deletePath(String name) throws ConfigException;
}
