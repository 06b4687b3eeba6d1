package io.strom.config.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link ConfigPlan} into ConfigAdmin, touching only what the file owns.
 *
 * <p>Singleton PIDs: the keys the file set last time are remembered in the private property
 * {@value #FILE_KEYS}; the new properties are the stored ones minus those, plus what the file
 * sets now. So a Web Console edit of a key the file does not mention survives, and a key removed
 * from the file falls back to its default. Paths: factory configurations created from the file
 * carry {@value #ORIGIN}={@value #FROM_FILE}; those the file no longer lists are deleted, and
 * those made in the Web Console are left alone (unless the file names the same path, which it
 * then takes over). A configuration is updated only when its properties change, because each
 * update may restart a component (an address change rebinds its port).
 *
 * <p>Every configuration is obtained with location {@code "?"}, so it binds to whichever bundle
 * uses it, not to this one.
 */
final class ConfigApplier {

    static final String FILE_KEYS = ".strom.fileKeys";
    static final String ORIGIN = ".strom.origin";
    static final String FROM_FILE = "file";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigApplier.class);
    private static final Set<String> MANAGED_BY_CM = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");

    private final ConfigurationAdmin configAdmin;

    ConfigApplier(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** Applies {@code plan}; returns how many configurations were created, changed or deleted. */
    int apply(ConfigPlan plan) throws IOException, InvalidSyntaxException {
        int changes = 0;
        Set<String> pids = new HashSet<>(plan.pids().keySet());
        pids.addAll(pidsWithFileKeys());
        for (String pid : pids) {
            changes += applySingleton(pid, plan.pids().getOrDefault(pid, Map.of()));
        }
        changes += applyPaths(plan.paths());
        return changes;
    }

    private List<String> pidsWithFileKeys() throws IOException, InvalidSyntaxException {
        List<String> out = new ArrayList<>();
        Configuration[] all = configAdmin.listConfigurations("(" + FILE_KEYS + "=*)");
        if (all != null) {
            for (Configuration c : all) {
                if (c.getFactoryPid() == null) {
                    out.add(c.getPid());
                }
            }
        }
        return out;
    }

    private int applySingleton(String pid, Map<String, Object> fromFile) throws IOException, InvalidSyntaxException {
        Configuration existing = find("(service.pid=" + pid + ")");
        Map<String, Object> current = existing == null ? Map.of() : toMap(existing.getProperties());
        if (existing == null && fromFile.isEmpty()) {
            return 0;
        }
        Map<String, Object> next = new HashMap<>(current);
        Object previousKeys = current.get(FILE_KEYS);
        if (previousKeys instanceof String[] keys) {
            for (String k : keys) {
                next.remove(k);
            }
        }
        next.remove(FILE_KEYS);
        next.putAll(fromFile);
        if (!fromFile.isEmpty()) {
            next.put(FILE_KEYS, fromFile.keySet().stream().sorted().toArray(String[]::new));
        }
        if (same(current, next)) {
            return 0;
        }
        Configuration target = existing != null ? existing : configAdmin.getConfiguration(pid, "?");
        target.update(toDictionary(next));
        LOG.debug("configuration {} updated from the file", pid);
        return 1;
    }

    private int applyPaths(Map<String, Map<String, Object>> wanted) throws IOException, InvalidSyntaxException {
        int changes = 0;
        Map<String, Configuration> byName = new HashMap<>();
        Configuration[] all = configAdmin.listConfigurations("(service.factoryPid=" + KeyTable.PATH_FACTORY_PID + ")");
        for (Configuration c : all == null ? new Configuration[0] : all) {
            Object name = c.getProperties() == null ? null : c.getProperties().get("name");
            if (name != null) {
                byName.put(name.toString(), c);
            }
        }
        for (Map.Entry<String, Map<String, Object>> p : wanted.entrySet()) {
            Map<String, Object> next = new HashMap<>(p.getValue());
            next.put(ORIGIN, FROM_FILE);
            Configuration existing = byName.remove(p.getKey());
            if (existing != null && same(toMap(existing.getProperties()), next)) {
                continue;
            }
            Configuration target = existing != null ? existing
                    : configAdmin.createFactoryConfiguration(KeyTable.PATH_FACTORY_PID, "?");
            target.update(toDictionary(next));
            changes++;
        }
        for (Configuration leftover : byName.values()) {
            if (FROM_FILE.equals(leftover.getProperties().get(ORIGIN))) {
                leftover.delete();
                changes++;
            }
        }
        return changes;
    }

    /** The Web Console's user and password as configured, or its defaults. */
    String[] consoleCredentials() throws IOException, InvalidSyntaxException {
        Configuration c = find("(service.pid=" + KeyTable.WEBCONSOLE_PID + ")");
        Dictionary<String, Object> props = c == null ? null : c.getProperties();
        String user = props == null || props.get("username") == null ? "admin" : props.get("username").toString();
        String pass = props == null || props.get("password") == null ? "admin" : props.get("password").toString();
        return new String[] {user, pass};
    }

    private Configuration find(String filter) throws IOException, InvalidSyntaxException {
        Configuration[] found = configAdmin.listConfigurations(filter);
        return found == null || found.length == 0 ? null : found[0];
    }

    static Map<String, Object> toMap(Dictionary<String, Object> props) {
        Map<String, Object> out = new HashMap<>();
        if (props != null) {
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                if (!MANAGED_BY_CM.contains(k)) {
                    out.put(k, props.get(k));
                }
            }
        }
        return out;
    }

    private static Dictionary<String, Object> toDictionary(Map<String, Object> map) {
        return new Hashtable<>(map);
    }

    static boolean same(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String k : a.keySet()) {
            Object x = a.get(k);
            Object y = b.get(k);
            if (x instanceof Object[] xs && y instanceof Object[] ys ? !Arrays.deepEquals(xs, ys) : !Objects.equals(x, y)) {
                return false;
            }
        }
        return true;
    }
}
