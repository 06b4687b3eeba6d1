package io.strom.config.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.strom.api.path.PathConf;
import io.strom.api.path.PathNames;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a parsed strom.yml against the {@link KeyTable} and turns it into a {@link ConfigPlan}.
 * It reports every error, each naming its key ({@code rtspAddress}, {@code paths.cam1.maxReaders}),
 * so one round of fixes is enough.
 *
 * <p>MediaMTX semantics: without a {@code paths} key every path is accepted, as if the file said
 * {@code paths: {all_others: {}}}. {@code consoleAddress} always lands in Felix HTTP's PID (with
 * its default when absent), because the runtime keeps Jetty off until it arrives.
 */
final class Validator {

    private Validator() {
    }

    /** The plan for {@code doc}; problems are added to {@code errors} (the plan is unusable unless it stays empty). */
    static ConfigPlan validate(Map<String, Object> doc, List<String> errors) {
        Map<String, Map<String, Object>> pids = new TreeMap<>();
        Map<String, Object> pathDefaults = Map.of();
        Map<String, Map<String, Object>> paths = null;
        String consoleAddress = KeyTable.DEFAULT_CONSOLE_ADDRESS;

        for (Map.Entry<String, Object> e : doc.entrySet()) {
            String key = e.getKey();
            if (key.equals("paths")) {
                paths = paths(e.getValue(), errors);
                continue;
            }
            if (key.equals("pathDefaults")) {
                pathDefaults = pathKeys("pathDefaults", e.getValue(), errors);
                continue;
            }
            KeySpec spec = KeyTable.GLOBAL.get(key);
            if (spec == null) {
                errors.add("unknown key '" + key + "'");
                continue;
            }
            try {
                Object value = spec.convert(key, e.getValue());
                if (key.equals(KeyTable.CONSOLE_ADDRESS)) {
                    consoleAddress = (String) value;
                } else {
                    pids.computeIfAbsent(spec.pid(), p -> new LinkedHashMap<>()).put(spec.property(), value);
                }
            } catch (ConfigError err) {
                errors.add(err.getMessage());
            }
        }
        pids.put(KeyTable.HTTP_PID, consoleProperties(consoleAddress));
        checkAuthMethod(pids.getOrDefault(KeyTable.AUTH_PID, Map.of()), errors);
        if (paths == null) {
            paths = new LinkedHashMap<>();
            paths.put(PathConf.ALL_OTHERS, new LinkedHashMap<>());
        }
        Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> p : paths.entrySet()) {
            Map<String, Object> props = new LinkedHashMap<>(pathDefaults);
            props.putAll(p.getValue());
            props.put("name", p.getKey());
            merged.put(p.getKey(), props);
        }
        return new ConfigPlan(pids, merged);
    }

    /** authMethod http needs authHTTPAddress, jwt needs authJWTJWKS. */
    private static void checkAuthMethod(Map<String, Object> auth, List<String> errors) {
        Object method = auth.get("authMethod");
        String needed = "http".equals(method) ? "authHTTPAddress" : "jwt".equals(method) ? "authJWTJWKS" : null;
        if (needed != null && (auth.get(needed) == null || auth.get(needed).toString().isBlank())) {
            errors.add("missing value for '" + needed + "': authMethod " + method + " needs it");
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

    private static Map<String, Map<String, Object>> paths(Object value, List<String> errors) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add("invalid value for 'paths': " + ValueType.show(value) + " is not a map of path names");
            return out;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String keyPath = "paths." + name;
            String problem = nameProblem(name);
            if (problem != null) {
                errors.add("invalid path name '" + keyPath + "': " + problem);
                continue;
            }
            out.put(name, pathKeys(keyPath, e.getValue(), errors));
        }
        return out;
    }

    private static String nameProblem(String name) {
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

    private static Map<String, Object> pathKeys(String keyPath, Object value, List<String> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add("invalid value for '" + keyPath + "': " + ValueType.show(value) + " is not a map of settings");
            return out;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            KeySpec spec = KeyTable.PATH.get(key);
            if (spec == null) {
                errors.add("unknown key '" + keyPath + "." + key + "'");
                continue;
            }
            try {
                out.put(spec.property(), spec.convert(keyPath + "." + key, e.getValue()));
            } catch (ConfigError err) {
                errors.add(err.getMessage());
            }
        }
        return out;
    }
}
