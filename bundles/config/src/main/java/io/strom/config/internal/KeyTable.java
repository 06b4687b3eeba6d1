package io.strom.config.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every key strom.yml accepts, with the PID it lands in. Keys of protocols whose bundle is not
 * installed are still accepted and stored: they take effect when the bundle arrives. A key not
 * in this table is an error.
 */
final class KeyTable {

    /** Felix HTTP (Jetty): {@code consoleAddress} lands here. */
    static final String HTTP_PID = "org.apache.felix.http";
    /** Felix Web Console: {@code consoleUser} and {@code consolePass} land here. */
    static final String WEBCONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String PATH_FACTORY_PID = io.strom.api.path.PathConf.FACTORY_PID;
    static final String CONSOLE_ADDRESS = "consoleAddress";
    static final String DEFAULT_CONSOLE_ADDRESS = "127.0.0.1:9995";

    static final Map<String, KeySpec> GLOBAL = new LinkedHashMap<>();
    static final Map<String, KeySpec> PATH = new LinkedHashMap<>();

    private static final String CORE = "io.strom.core";
    private static final String API = "io.strom.core.api";
    private static final String CONTROL = "io.strom.control";

    static {
        global(KeySpec.of("writeQueueSize", CORE, ValueType.INT)
                .requiring("a power of two from 1 to 32768", v -> (int) v >= 1 && (int) v <= 32768 && Integer.bitCount((int) v) == 1));
        global(KeySpec.of("api", API, ValueType.BOOL));
        global(KeySpec.of("apiAddress", API, ValueType.ADDRESS));
        global(KeySpec.of("metrics", CONTROL, ValueType.BOOL));
        global(KeySpec.of("metricsAddress", CONTROL, ValueType.ADDRESS));
        global(KeySpec.of("pprof", CONTROL, ValueType.BOOL));
        global(KeySpec.of("pprofAddress", CONTROL, ValueType.ADDRESS));
        global(KeySpec.of("rtspAddress", "io.strom.rtsp", ValueType.ADDRESS));
        global(KeySpec.of("rtmpAddress", "io.strom.rtmp", ValueType.ADDRESS));
        global(KeySpec.of("hlsAddress", "io.strom.hls", ValueType.ADDRESS));
        global(KeySpec.of("webrtcAddress", "io.strom.webrtc", ValueType.ADDRESS));
        global(KeySpec.of("webrtcLocalUDPAddress", "io.strom.webrtc", ValueType.ADDRESS));
        global(KeySpec.of("srtAddress", "io.strom.srt", ValueType.ADDRESS));
        // Strom's own: where the Web Console listens, and its credentials.
        global(KeySpec.of(CONSOLE_ADDRESS, HTTP_PID, ValueType.ADDRESS));
        global(new KeySpec("consoleUser", WEBCONSOLE_PID, "username", ValueType.STRING, null, null));
        global(new KeySpec("consolePass", WEBCONSOLE_PID, "password", ValueType.STRING, null, null));

        path(KeySpec.of("source", PATH_FACTORY_PID, ValueType.STRING));
        path(KeySpec.of("overridePublisher", PATH_FACTORY_PID, ValueType.BOOL));
        path(KeySpec.of("maxReaders", PATH_FACTORY_PID, ValueType.INT).requiring("0 or more", v -> (int) v >= 0));
    }

    private KeyTable() {
    }

    private static void global(KeySpec spec) {
        GLOBAL.put(spec.key(), spec);
    }

    private static void path(KeySpec spec) {
        PATH.put(spec.key(), spec);
    }
}
