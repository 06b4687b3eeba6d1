package io.strom.config.internal;

import io.strom.api.path.PathConf;
import io.strom.api.path.PathNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a parsed strom.yml against the {@link KeyTable} and turns it into a {@link ConfigPlan}.
 * It reports every error, each naming its key ({@code rtspAddress}, {@code paths.cam1.maxReaders}),
 * so one round of fixes is enough. The control API's changes go through the same checks
 * ({@link #globalKeys}, {@link #pathKeys}, {@link #nameProblem}).
 *
 * <p>MediaMTX semantics: without a {@code paths} key every path is accepted, as if the file said
 * {@code paths: {all_others: {}}}. {@code consoleAddress} always lands in Felix HTTP's PID (with
 * its default when absent), because the runtime keeps Jetty off until it arrives. The path
 * defaults land in {@link KeyTable#PATH_DEFAULTS_PID} and are merged into every path, which
 * remembers its own keys in {@value #OWN_KEYS}, so a later change of the defaults reaches the
 * paths that do not set a key themselves.
 */
final class Validator {

    /** Private property of a path configuration: the keys it sets itself (the rest are path defaults). */
    static final String OWN_KEYS = ".strom.ownKeys";

    private Validator() {
    }

    /** The plan for {@code doc}; problems are added to {@code errors} (the plan is unusable unless it stays empty). */
    static ConfigPlan validate(Map<String, Object> doc, List<String> errors) {
        List<ConfigError> problems = new ArrayList<>();
        Map<String, Object> global = new LinkedHashMap<>(doc);
        Object pathsValue = global.remove("paths");
        boolean hasPaths = doc.containsKey("paths");
        Map<String, Object> pathDefaults = global.containsKey("pathDefaults")
                ? pathKeys("pathDefaults", global.remove("pathDefaults"), problems) : Map.of();
        Map<String, Map<String, Object>> pids = globalKeys(global, problems);
        pids.putIfAbsent(KeyTable.HTTP_PID, consoleProperties(KeyTable.DEFAULT_CONSOLE_ADDRESS));
        checkAuthMethod(pids.getOrDefault(KeyTable.AUTH_PID, Map.of()), problems);
        if (!pathDefaults.isEmpty()) {
            pids.put(KeyTable.PATH_DEFAULTS_PID, pathDefaults);
        }
        Map<String, Map<String, Object>> paths = hasPaths ? paths(pathsValue, problems) : new LinkedHashMap<>();
        if (!hasPaths) {
            paths.put(PathConf.ALL_OTHERS, new LinkedHashMap<>());
        }
        Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> p : paths.entrySet()) {
            merged.put(p.getKey(), pathProperties(p.getKey(), pathDefaults, p.getValue()));
        }
        problems.forEach(p -> errors.add(p.getMessage()));
        return new ConfigPlan(pids, merged);
    }

    /**
     * The properties of each PID that the global keys of {@code doc} set; every bad key or value
     * is added to {@code errors}. {@code paths} and {@code pathDefaults} are not global keys.
     */
    static Map<String, Map<String, Object>> globalKeys(Map<String, Object> doc, List<ConfigError> errors) {
        Map<String, Map<String, Object>> pids = new TreeMap<>();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            String key = e.getKey();
            KeySpec spec = KeyTable.GLOBAL.get(key);
            if (spec == null) {
                errors.add(new ConfigError(key, "unknown key '" + key + "'"));
                continue;
            }
            try {
                Object value = spec.convert(key, e.getValue());
                if (key.equals(KeyTable.CONSOLE_ADDRESS)) {
                    pids.put(KeyTable.HTTP_PID, consoleProperties((String) value));
                } else {
                    pids.computeIfAbsent(spec.pid(), p -> new LinkedHashMap<>()).put(spec.property(), value);
                }
            } catch (ConfigError err) {
                errors.add(err);
            }
        }
        return pids;
    }

    /** A path configuration's properties: the defaults, its own settings over them, its name and its own keys. */
    static Map<String, Object> pathProperties(String name, Map<String, Object> defaults, Map<String, Object> own) {
        Map<String, Object> props = new LinkedHashMap<>(defaults);
        props.putAll(own);
        props.put("name", name);
        props.put(OWN_KEYS, own.keySet().stream().sorted().toArray(String[]::new));
        return props;
    }

    /** authMethod http needs authHTTPAddress, jwt needs authJWTJWKS: checked on the auth PID's properties as they will be. */
    static void checkAuthMethod(Map<String, Object> auth, List<ConfigError> errors) {
        Object method = auth.get("authMethod");
        String needed = "http".equals(method) ? "authHTTPAddress" : "jwt".equals(method) ? "authJWTJWKS" : null;
        if (needed != null && (auth.get(needed) == null || auth.get(needed).toString().isBlank())) {
            errors.add(new ConfigError(needed, "missing value for '" + needed + "': authMethod " + method + " needs it"));
        }
    }

    private static Map<String, Object> consoleProperties(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("org.apache.felix.http.host", host.isEmpty() ? "0.0.0.0" : host);
        props.put("org.osgi.service.http.port", Integer.parseInt(address.substring(colon + 1)));
        props.put("org.apache.felix.http.enable", true);
        return props;
    }

    private static Map<String, Map<String, Object>> paths(Object value, List<ConfigError> errors) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(new ConfigError("paths", "invalid value for 'paths': " + ValueType.show(value) + " is not a map of path names"));
            return out;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String keyPath = "paths." + name;
            String problem = nameProblem(name);
            if (problem != null) {
                errors.add(new ConfigError(keyPath, "invalid path name '" + keyPath + "': " + problem));
                continue;
            }
            out.put(name, pathKeys(keyPath, e.getValue(), errors));
        }
        return out;
    }

    /** Why {@code name} cannot name a path configuration, or null when it can. */
    static String nameProblem(String name) {
        if (name.startsWith("~")) {
            try {
                Pattern.compile(name.substring(1));
                return null;
            } catch (PatternSyntaxException e) {
                return "not a valid regular expression: " + e.getDescription();
            }
        }
        if (!PathConf.ALL_OTHERS.equals(name) && !"all".equals(name) && !PathNames.isValid(name)) {
            return "use letters, digits and _ - . ~ : @ + /, without a leading or trailing slash";
        }
        return null;
    }

    /**
     * The properties that the path settings {@code value} set; each bad key or value is added to
     * {@code errors}, named {@code keyPath.key} (just {@code key} when {@code keyPath} is empty).
     */
    static Map<String, Object> pathKeys(String keyPath, Object value, List<ConfigError> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(new ConfigError(keyPath, "invalid value for '" + keyPath + "': " + ValueType.show(value)
                    + " is not a map of settings"));
            return out;
        }
        String prefix = keyPath.isEmpty() ? "" : keyPath + ".";
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            KeySpec spec = KeyTable.PATH.get(key);
            if (spec == null) {
                errors.add(new ConfigError(prefix + key, "unknown key '" + prefix + key + "'"));
                continue;
            }
            try {
                out.put(spec.property(), spec.convert(prefix + key, e.getValue()));
            } catch (ConfigError err) {
                errors.add(err);
            }
        }
        return out;
    }
}
