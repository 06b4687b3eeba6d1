package io.strom.config.internal;

import io.strom.api.config.ConfigException;
import io.strom.api.config.ConfigStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeService;

/**
 * The {@link ConfigStore} over ConfigAdmin, by the keys and checks of strom.yml: the
 * {@link KeyTable} says where a key lives, {@link Validator} checks a change the way it checks the
 * file (every bad key named, nothing written unless all are good). Reads show the stored value,
 * else the default the owning bundle describes with Metatype; keys of bundles not installed and
 * not set are left out. Passwords read as {@value ConfigStore#REDACTED}.
 *
 * <p>Like a Web Console edit, a change made here stays until strom.yml changes a key it sets
 * (the file then wins for the keys it names). Path configurations added here carry no file
 * origin, so a reload of the file does not delete them. Writes are serialised.
 */
@Component(service = ConfigStore.class)
public class ApiConfigStore implements ConfigStore {

    private final ConfigurationAdmin configAdmin;
    private final Supplier<Map<String, Map<String, Object>>> defaults;

    @Activate
    public ApiConfigStore(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType) {
        this(configAdmin, new MetatypeDefaults(context, metaType)::snapshot);
    }

    /** @param defaults PID -> property -> the default its bundle describes */
    ApiConfigStore(ConfigurationAdmin configAdmin, Supplier<Map<String, Map<String, Object>>> defaults) {
        this.configAdmin = configAdmin;
        this.defaults = defaults;
    }

    @Override
    public Map<String, Object> global() {
        Map<String, Map<String, Object>> known = defaults.get();
        Map<String, Object> out = new LinkedHashMap<>();
        for (KeySpec spec : KeyTable.GLOBAL.values()) {
            Object v = spec.key().equals(KeyTable.CONSOLE_ADDRESS) ? consoleAddress()
                    : stored(spec.pid()).getOrDefault(spec.property(), known.getOrDefault(spec.pid(), Map.of()).get(spec.property()));
            if (v != null) {
                out.put(spec.key(), KeyTable.SECRET.contains(spec.key()) ? REDACTED : withoutUserInfo(spec.type().toPlain(v)));
            }
        }
        return out;
    }

    @Override
    public synchronized void patchGlobal(Map<String, Object> changes) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Map<String, Map<String, Object>> pids = Validator.globalKeys(present(changes), errors);
        Map<String, Object> auth = stored(KeyTable.AUTH_PID);
        auth.putAll(pids.getOrDefault(KeyTable.AUTH_PID, Map.of()));
        Validator.checkAuthMethod(auth, errors);
        refuseIf(errors);
        for (Map.Entry<String, Map<String, Object>> e : pids.entrySet()) {
            Map<String, Object> next = stored(e.getKey());
            next.putAll(e.getValue());
            write(find(e.getKey()), e.getKey(), next);
        }
    }

    @Override
    public Map<String, Object> pathDefaults() {
        return settings(stored(KeyTable.PATH_DEFAULTS_PID));
    }

    @Override
    public synchronized void patchPathDefaults(Map<String, Object> changes) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Map<String, Object> own = Validator.pathKeys("", present(changes), errors);
        refuseIf(errors);
        Map<String, Object> next = stored(KeyTable.PATH_DEFAULTS_PID);
        next.putAll(own);
        write(find(KeyTable.PATH_DEFAULTS_PID), KeyTable.PATH_DEFAULTS_PID, next);
        for (Configuration c : pathConfigurations()) {
            Map<String, Object> props = ConfigApplier.toMap(c.getProperties());
            write(c, null, pathWithDefaults(props, ownSettings(props)));
        }
    }

    @Override
    public List<Map<String, Object>> paths() {
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        for (Configuration c : pathConfigurations()) {
            Map<String, Object> props = ConfigApplier.toMap(c.getProperties());
            byName.put(props.get("name").toString(), pathView(props));
        }
        return new ArrayList<>(byName.values());
    }

    @Override
    public Map<String, Object> path(String name) throws ConfigException {
        return pathView(ConfigApplier.toMap(existing(name).getProperties()));
    }

    @Override
    public synchronized void addPath(String name, Map<String, Object> settings) throws ConfigException {
        String problem = Validator.nameProblem(name);
        if (problem != null) {
            throw new ConfigException(ConfigException.Reason.INVALID, "invalid path name '" + name + "': " + problem, List.of("name"));
        }
        if (byName(name) != null) {
            throw new ConfigException(ConfigException.Reason.EXISTS, "path configuration '" + name + "' already exists", List.of("name"));
        }
        Map<String, Object> own = checkedPathSettings(settings);
        write(createPathConfiguration(), null, Validator.pathProperties(name, pathDefaultProperties(), own));
    }

    @Override
    public synchronized void patchPath(String name, Map<String, Object> changes) throws ConfigException {
        Configuration c = existing(name);
        Map<String, Object> own = checkedPathSettings(changes);
        Map<String, Object> props = ConfigApplier.toMap(c.getProperties());
        Map<String, Object> next = ownSettings(props);
        next.putAll(own);
        write(c, null, pathWithDefaults(props, next));
    }

    @Override
    public synchronized void replacePath(String name, Map<String, Object> settings) throws ConfigException {
        Configuration c = existing(name);
        Map<String, Object> own = checkedPathSettings(settings);
        write(c, null, pathWithDefaults(ConfigApplier.toMap(c.getProperties()), own));
    }

    @Override
    public synchronized void deletePath(String name) throws ConfigException {
        try {
            existing(name).delete();
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete path configuration '" + name + "': " + e.getMessage(), e);
        }
    }

    // --- paths

    /** The API shape of a path configuration: its name and every path key with its effective value. */
    private Map<String, Object> pathView(Map<String, Object> props) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", props.get("name"));
        out.putAll(settings(props));
        return out;
    }

    /** {@code props} rebuilt over the current path defaults with {@code own} as its own settings; private keys kept. */
    private Map<String, Object> pathWithDefaults(Map<String, Object> props, Map<String, Object> own) {
        Map<String, Object> next = Validator.pathProperties(props.get("name").toString(), pathDefaultProperties(), own);
        props.forEach((k, v) -> {
            if (k.startsWith(".") && !k.equals(Validator.OWN_KEYS)) {
                next.put(k, v); // the file origin mark
            }
        });
        return next;
    }

    /** The settings a path configuration sets itself: those of its own keys, or all of them when it has no record. */
    private static Map<String, Object> ownSettings(Map<String, Object> props) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> own = props.get(Validator.OWN_KEYS) instanceof String[] keys ? List.of((Object[]) keys) : null;
        for (KeySpec spec : KeyTable.PATH.values()) {
            if (props.containsKey(spec.property()) && (own == null || own.contains(spec.property()))) {
                out.put(spec.property(), props.get(spec.property()));
            }
        }
        return out;
    }

    private Map<String, Object> pathDefaultProperties() {
        Map<String, Object> stored = stored(KeyTable.PATH_DEFAULTS_PID);
        stored.keySet().removeIf(k -> k.startsWith("."));
        return stored;
    }

    /** Path settings in API shape: every path key, from {@code stored} or else the bundle's default. */
    private Map<String, Object> settings(Map<String, Object> stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> known = defaults.get().getOrDefault(KeyTable.PATH_FACTORY_PID, Map.of());
        for (KeySpec spec : KeyTable.PATH.values()) {
            Object v = stored.getOrDefault(spec.property(), known.get(spec.property()));
            if (v != null) {
                out.put(spec.key(), spec.type().toPlain(v));
            }
        }
        return out;
    }

    private static Map<String, Object> checkedPathSettings(Map<String, Object> settings) throws ConfigException {
        Map<String, Object> given = present(settings);
        given.remove("name"); // a path configuration as read back names itself; the URL decides
        List<ConfigError> errors = new ArrayList<>();
        Map<String, Object> own = Validator.pathKeys("", given, errors);
        refuseIf(errors);
        return own;
    }

    private Configuration existing(String name) throws ConfigException {
        Configuration c = byName(name);
        if (c == null) {
            throw new ConfigException(ConfigException.Reason.NOT_FOUND, "path configuration not found", List.of());
        }
        return c;
    }

    private Configuration byName(String name) {
        for (Configuration c : pathConfigurations()) {
            if (name.equals(c.getProperties().get("name"))) {
                return c;
            }
        }
        return null;
    }

    private List<Configuration> pathConfigurations() {
        List<Configuration> out = new ArrayList<>();
        for (Configuration c : list("(service.factoryPid=" + KeyTable.PATH_FACTORY_PID + ")")) {
            if (c.getProperties() != null && c.getProperties().get("name") != null) {
                out.add(c);
            }
        }
        return out;
    }

    private Configuration createPathConfiguration() {
        try {
            return configAdmin.createFactoryConfiguration(KeyTable.PATH_FACTORY_PID, "?");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a path configuration: " + e.getMessage(), e);
        }
    }

    // --- singletons

    private String consoleAddress() {
        Map<String, Object> http = stored(KeyTable.HTTP_PID);
        Object host = http.get("org.apache.felix.http.host");
        Object port = http.get("org.osgi.service.http.port");
        if (host == null || port == null) {
            return KeyTable.DEFAULT_CONSOLE_ADDRESS;
        }
        String h = host.toString().equals("0.0.0.0") ? "" : host.toString().contains(":") ? "[" + host + "]" : host.toString();
        return h + ":" + port;
    }

    /** The stored properties of singleton {@code pid} (a copy), empty when it has no configuration. */
    private Map<String, Object> stored(String pid) {
        Configuration c = find(pid);
        return c == null ? new LinkedHashMap<>() : ConfigApplier.toMap(c.getProperties());
    }

    private Configuration find(String pid) {
        List<Configuration> found = list("(service.pid=" + pid + ")");
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Configuration> list(String filter) {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read the configuration: " + e.getMessage(), e);
        }
    }

    /** Writes {@code next} when it differs from what {@code c} (or, when null, new singleton {@code pid}) holds. */
    private void write(Configuration c, String pid, Map<String, Object> next) {
        try {
            Configuration target = c != null ? c : configAdmin.getConfiguration(pid, "?");
            if (!ConfigApplier.same(ConfigApplier.toMap(target.getProperties()), next)) {
                Dictionary<String, Object> props = new Hashtable<>(next);
                target.update(props);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the configuration: " + e.getMessage(), e);
        }
    }

    /** A URL's user and password ({@code https://user:pass@host/}) redacted; other values as they are. */
    private static Object withoutUserInfo(Object value) {
        return value instanceof String s && s.matches("(?s)[a-z]+://[^/@]*@.*") ? s.replaceFirst("://[^/@]*@", "://" + REDACTED + "@") : value;
    }

    private static Map<String, Object> present(Map<String, Object> changes) {
        Map<String, Object> out = new LinkedHashMap<>();
        changes.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void refuseIf(List<ConfigError> errors) throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(ConfigException.Reason.INVALID,
                    String.join("; ", errors.stream().map(Throwable::getMessage).toList()),
                    errors.stream().map(ConfigError::field).toList());
        }
    }
}
