package io.strom.config.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** An in-memory ConfigurationAdmin: enough for the applier, and it counts updates and deletes. */
final class FakeConfigAdmin implements ConfigurationAdmin {

    final Map<String, FakeConfig> configs = new LinkedHashMap<>();
    final List<String> locations = new ArrayList<>();
    int updates;
    int deletes;
    private int next;

    final class FakeConfig implements Configuration {
        final String pid;
        final String factoryPid;
        Dictionary<String, Object> props;

        FakeConfig(String pid, String factoryPid) {
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            if (props == null) {
                return null;
            }
            Hashtable<String, Object> copy = new Hashtable<>();
            for (var keys = props.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                copy.put(k, props.get(k));
            }
            copy.put("service.pid", pid);
            if (factoryPid != null) {
                copy.put("service.factoryPid", factoryPid);
            }
            return copy;
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> properties) {
            Hashtable<String, Object> copy = new Hashtable<>();
            for (var keys = properties.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                copy.put(k, properties.get(k));
            }
            props = copy;
            updates++;
        }

        @Override
        public void delete() {
            configs.remove(pid);
            deletes++;
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> properties) {
            update(properties);
            return true;
        }

        @Override
        public void setBundleLocation(String location) {
        }

        @Override
        public String getBundleLocation() {
            return "?";
        }

        @Override
        public long getChangeCount() {
            return updates;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return EnumSet.noneOf(ConfigurationAttribute.class);
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
        }
    }

    /** A configuration as if made in the Web Console. */
    FakeConfig put(String pid, String factoryPid, Map<String, Object> props) {
        FakeConfig c = new FakeConfig(pid, factoryPid);
        c.props = new Hashtable<>(props);
        configs.put(pid, c);
        return c;
    }

    Map<String, Object> props(String pid) {
        FakeConfig c = configs.get(pid);
        return c == null || c.props == null ? null : ConfigApplier.toMap(c.props);
    }

    List<FakeConfig> paths() {
        return configs.values().stream().filter(c -> KeyTable.PATH_FACTORY_PID.equals(c.factoryPid)).toList();
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        locations.add(location);
        FakeConfig c = new FakeConfig(factoryPid + "~" + (next++), factoryPid);
        configs.put(c.pid, c);
        return c;
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        return createFactoryConfiguration(factoryPid, null);
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        locations.add(location);
        return configs.computeIfAbsent(pid, p -> new FakeConfig(p, null));
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return getConfiguration(pid, null);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        throw new UnsupportedOperationException("the applier does not use named factory configurations");
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        throw new UnsupportedOperationException("the applier does not use named factory configurations");
    }

    @Override
    public Configuration[] listConfigurations(String filter) throws InvalidSyntaxException {
        Filter f = filter == null ? null : FrameworkUtil.createFilter(filter);
        List<Configuration> out = new ArrayList<>();
        for (FakeConfig c : configs.values()) {
            Dictionary<String, Object> p = c.getProperties();
            if (p != null && (f == null || f.match(p))) {
                out.add(c);
            }
        }
        return out.isEmpty() ? null : out.toArray(Configuration[]::new);
    }
}
