package io.strom.core.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One path configuration (a factory configuration of PID {@code io.strom.path}), validated and
 * handed to the path manager.
 *
 * <p>An invalid configuration never runs. A new one fails activation with the field named; an
 * edit of a running one is refused: the previous settings keep running and are written back
 * into ConfigAdmin, so the Web Console and {@code strom.yml} readers see what actually runs.
 */
@Component(configurationPid = io.strom.api.path.PathConf.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = PathConfComponent.Config.class, factory = true)
public class PathConfComponent {

    @ObjectClassDefinition(id = io.strom.api.path.PathConf.FACTORY_PID, name = "Strom path",
            description = "A path configuration, like an entry of 'paths:' in strom.yml.")
    @interface Config {
        @AttributeDefinition(name = "Name", description = "An exact path name (live/cam1), a regular expression "
                + "prefixed with ~ (~^cams/.+$), or all_others for every path no other configuration matches.")
        String name();

        @AttributeDefinition(name = "Source", description = "Where the stream comes from: 'publisher' means a client "
                + "publishes it (RTSP ANNOUNCE, RTMP publish, WHIP, ...).")
        String source() default "publisher";

        @AttributeDefinition(name = "Override publisher", description = "Whether a new publisher replaces the current "
                + "one (true, MediaMTX's default) or is refused.")
        boolean overridePublisher() default true;

        @AttributeDefinition(name = "Max readers", description = "The most readers the path serves at once; 0 means "
                + "no limit. A reader beyond it is refused.")
        int maxReaders() default 0;

        String webconsole_configurationFactory_nameHint() default "Path {name}";
    }

    private static final Logger LOG = LoggerFactory.getLogger(PathConfComponent.class);

    private final PathConfRegistry registry;
    private final ConfigurationAdmin configAdmin;
    private final String pid;
    private Map<String, Object> lastGood;

    @Activate
    public PathConfComponent(@Reference PathConfRegistry registry, @Reference ConfigurationAdmin configAdmin,
            Map<String, Object> props) throws InvalidConfigException {
        this.registry = registry;
        this.configAdmin = configAdmin;
        this.pid = (String) props.get("service.pid");
        try {
            registry.put(pid, PathConfImpl.parse(props));
        } catch (InvalidConfigException e) {
            LOG.error("path configuration {} rejected: {}", pid, e.getMessage());
            throw e;
        }
        this.lastGood = props;
    }

    @Modified
    void modified(Map<String, Object> props) {
        try {
            registry.put(pid, PathConfImpl.parse(props));
            lastGood = props;
        } catch (InvalidConfigException e) {
            LOG.error("path configuration {} rejected, the previous one stays: {}", pid, e.getMessage());
            restore(lastGood);
        }
    }

    /** Writes the running settings back, off the DS thread that delivered the bad ones. */
    private void restore(Map<String, Object> props) {
        Dictionary<String, Object> dict = new Hashtable<>();
        props.forEach((k, v) -> {
            if (!k.startsWith("component.") && !k.equals("service.pid") && !k.equals("service.factoryPid")) {
                dict.put(k, v);
            }
        });
        CompletableFuture.runAsync(() -> {
            try {
                Configuration c = configAdmin.getConfiguration(pid, "?");
                c.update(dict);
            } catch (IOException | IllegalStateException e) {
                LOG.warn("cannot restore path configuration {}", pid, e);
            }
        });
    }

    @Deactivate
    void close() {
        registry.remove(pid);
    }
}
