package io.strom.config.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads strom.yml into ConfigAdmin at start and whenever its content changes.
 *
 * <p>Framework properties (set by the launcher): {@value #CONFIG} is the file (absent or empty:
 * embedded defaults); {@value #POLL} the check interval in milliseconds (default 1000; the file
 * is compared by content, so editors that save by renaming are seen too); {@value #EXIT_ON_ERROR}
 * {@code true} makes an invalid file at start end the process with status 2 after printing every
 * error, so {@code ./strom run} fails loudly instead of running on defaults. A later invalid edit
 * is only logged: the running configuration stays.
 */
@Component(service = {}, immediate = true)
public class YamlConfigLoader {

    static final String CONFIG = "strom.config";
    static final String POLL = "strom.config.pollMillis";
    static final String EXIT_ON_ERROR = "strom.config.exitOnError";
    static final int EXIT_STATUS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(YamlConfigLoader.class);

    private final Path file;
    private final ConfigApplier applier;
    private final ScheduledExecutorService watcher;
    private byte[] lastContent;
    /** A changed content seen once, applied when the next look finds it again. */
    private byte[] settling;
    private boolean reportedMissing;

    @Activate
    public YamlConfigLoader(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this(pathOf(context.getProperty(CONFIG)), new ConfigApplier(configAdmin),
                Boolean.parseBoolean(context.getProperty(EXIT_ON_ERROR)) ? YamlConfigLoader::exitLater : null,
                pollMillis(context.getProperty(POLL)));
    }

    /**
     * @param file   the file, or null for embedded defaults
     * @param exit   called with the exit status when the file is invalid at start, or null to go on
     * @param pollMs how often to look at the file; 0 for never (tests drive {@link #check()})
     */
    YamlConfigLoader(Path file, ConfigApplier applier, IntConsumer exit, long pollMs) {
        this.file = file;
        this.applier = applier;
        List<String> errors = load(true);
        if (!errors.isEmpty() && exit != null) {
            for (String error : errors) {
                System.err.println("strom: " + where() + ": " + error);
            }
            System.err.println("strom: fix the configuration and start again");
            exit.accept(EXIT_STATUS);
        }
        if (file != null && pollMs > 0) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "strom-config-watch");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(this::check, pollMs, pollMs, TimeUnit.MILLISECONDS);
        } else {
            watcher = null;
        }
    }

    /**
     * Applies the file once a changed content has been read the same at two looks in a row. A
     * file being saved (truncated, then written) can be read empty or cut short, and an empty
     * strom.yml is valid (the embedded defaults): applying it would restart every server on its
     * default address and end every session (an end-to-end test's rewrite was caught so).
     */
    synchronized void check() {
        try {
            byte[] content = Files.readAllBytes(file);
            reportedMissing = false;
            if (Arrays.equals(content, lastContent)) {
                settling = null;
            } else if (!Arrays.equals(content, settling)) {
                settling = content;
            } else {
                settling = null;
                load(false);
            }
        } catch (NoSuchFileException e) {
            if (!reportedMissing) {
                LOG.warn("{} is gone; the running configuration stays", file);
                reportedMissing = true;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
        }
    }

    /** Reads, validates and applies; returns the errors (none when applied). */
    private synchronized List<String> load(boolean atStart) {
        List<String> errors = new ArrayList<>();
        try {
            byte[] content = file == null ? new byte[0] : Files.readAllBytes(file);
            lastContent = content;
            Map<String, Object> doc = StromYaml.parse(new String(content, StandardCharsets.UTF_8));
            ConfigPlan plan = Validator.validate(doc, errors);
            if (errors.isEmpty()) {
                int changes = applier.apply(plan);
                LOG.info("{} applied ({} configuration change(s))", where(), changes);
                warnAboutDefaultCredentials(plan);
            }
        } catch (ConfigError e) {
            errors.add(e.getMessage());
        } catch (Exception e) {
            errors.add("cannot load: " + e);
        }
        for (String error : errors) {
            if (atStart) {
                LOG.error("{} is invalid, nothing of it is applied: {}", where(), error);
            } else {
                LOG.error("{} rejected, the running configuration stays: {}", where(), error);
            }
        }
        return errors;
    }

    private void warnAboutDefaultCredentials(ConfigPlan plan) throws Exception {
        String[] credentials = applier.consoleCredentials();
        if ("admin".equals(credentials[0]) && "admin".equals(credentials[1])) {
            Map<String, Object> http = plan.pids().get(KeyTable.HTTP_PID);
            LOG.warn("The Web Console at http://{}:{}/system/console uses the default credentials admin/admin: "
                    + "set consoleUser and consolePass in strom.yml", http.get("org.apache.felix.http.host"),
                    http.get("org.osgi.service.http.port"));
        }
    }

    private String where() {
        return file == null ? "the embedded default configuration" : file.toString();
    }

    @Deactivate
    void close() throws InterruptedException {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Path pathOf(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static long pollMillis(String value) {
        return value == null || value.isBlank() ? 1000 : Long.parseLong(value.trim());
    }

    /** Exits from a new thread: exiting on the activating thread could deadlock with the shutdown hook. */
    private static void exitLater(int status) {
        Thread t = new Thread(() -> System.exit(status), "strom-config-exit");
        t.start();
    }
}
