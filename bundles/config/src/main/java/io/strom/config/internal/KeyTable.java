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
    /** {@code pathDefaults}: kept here so the control API can read and patch them; each path has them merged in. */
    static final String PATH_DEFAULTS_PID = "io.strom.pathdefaults";
    static final String CONSOLE_ADDRESS = "consoleAddress";
    static final String DEFAULT_CONSOLE_ADDRESS = "127.0.0.1:9995";

    /** Keys whose values are never shown (the control API reads them as {@code <redacted>}). */
    static final java.util.Set<String> SECRET = java.util.Set.of("consolePass");

    static final Map<String, KeySpec> GLOBAL = new LinkedHashMap<>();
    static final Map<String, KeySpec> PATH = new LinkedHashMap<>();

    private static final String CORE = "io.strom.core";
    private static final String API = "io.strom.control.api";
    private static final String METRICS = "io.strom.metrics";
    private static final String PPROF = "io.strom.pprof";
    private static final String RTSP = "io.strom.rtsp";
    private static final String RTMP = "io.strom.rtmp";
    static final String AUTH_PID = "io.strom.auth";
    private static final String AUTH = AUTH_PID;
    private static final String HLS = "io.strom.hls";
    private static final String WEBRTC = "io.strom.webrtc";
    private static final String ICE = "io.strom.ice";
    private static final String NETIF = "io.strom.netif";

    static {
        global(KeySpec.of("writeQueueSize", CORE, ValueType.INT)
                .requiring("a power of two from 1 to 32768", v -> (int) v >= 1 && (int) v <= 32768 && Integer.bitCount((int) v) == 1));
        global(KeySpec.of("api", API, ValueType.BOOL));
        global(KeySpec.of("apiAddress", API, ValueType.ADDRESS));
        global(KeySpec.of("metrics", METRICS, ValueType.BOOL));
        global(KeySpec.of("metricsAddress", METRICS, ValueType.ADDRESS));
        global(KeySpec.of("pprof", PPROF, ValueType.BOOL));
        global(KeySpec.of("pprofAddress", PPROF, ValueType.ADDRESS));
        global(KeySpec.of("rtspAddress", RTSP, ValueType.ADDRESS));
        global(KeySpec.of("rtspsAddress", RTSP, ValueType.ADDRESS));
        global(KeySpec.of("rtpAddress", RTSP, ValueType.ADDRESS));
        global(KeySpec.of("rtcpAddress", RTSP, ValueType.ADDRESS));
        global(KeySpec.of("rtspTransports", RTSP, ValueType.STRING_LIST)
                .requiring("a list of udp, multicast, tcp", v -> java.util.Arrays.stream((String[]) v)
                        .allMatch(t -> java.util.Set.of("udp", "multicast", "tcp").contains(t)) && ((String[]) v).length > 0));
        global(KeySpec.of("rtspEncryption", RTSP, ValueType.STRING)
                .requiring("no, optional or strict", v -> java.util.Set.of("no", "optional", "strict").contains(v)));
        global(KeySpec.of("rtspServerKey", RTSP, ValueType.STRING));
        global(KeySpec.of("rtspServerCert", RTSP, ValueType.STRING));
        global(KeySpec.of("rtspAuthMethods", RTSP, ValueType.STRING_LIST)
                .requiring("a list of basic, digest", v -> java.util.Arrays.stream((String[]) v)
                        .allMatch(t -> t.equals("basic") || t.equals("digest"))));
        global(KeySpec.of("readTimeout", RTSP, ValueType.DURATION));
        global(KeySpec.of("multicastIPRange", RTSP, ValueType.STRING)
                .requiring("an IPv4 multicast network like 224.1.0.0/16",
                        v -> ((String) v).matches("2(2[4-9]|3[0-9])(\\.[0-9]{1,3}){3}/[0-9]{1,2}")));
        global(KeySpec.of("multicastRTPPort", RTSP, ValueType.INT).requiring("a port from 1 to 65535", v -> (int) v >= 1 && (int) v <= 65535));
        global(KeySpec.of("multicastRTCPPort", RTSP, ValueType.INT).requiring("a port from 1 to 65535", v -> (int) v >= 1 && (int) v <= 65535));
        global(KeySpec.of("authMethod", AUTH, ValueType.STRING)
                .requiring("internal, http or jwt", v -> java.util.Set.of("internal", "http", "jwt").contains(v)));
        global(KeySpec.of("authInternalUsers", AUTH, ValueType.AUTH_USERS));
        global(KeySpec.of("authHTTPAddress", AUTH, ValueType.STRING).requiring("empty or an http:// or https:// URL", KeyTable::isHttpUrl));
        global(KeySpec.of("authHTTPExclude", AUTH, ValueType.AUTH_PERMISSIONS));
        global(KeySpec.of("authHTTPCacheTime", AUTH, ValueType.DURATION)); // Strom's own: how long an answer is reused
        global(KeySpec.of("authJWTJWKS", AUTH, ValueType.STRING).requiring("empty or an http:// or https:// URL", KeyTable::isHttpUrl));
        global(KeySpec.of("authJWTClaimKey", AUTH, ValueType.STRING).requiring("a claim name", v -> !((String) v).isBlank()));
        global(KeySpec.of("rtmpAddress", RTMP, ValueType.ADDRESS));
        global(KeySpec.of("rtmpsAddress", RTMP, ValueType.ADDRESS));
        global(KeySpec.of("rtmpEncryption", RTMP, ValueType.STRING)
                .requiring("no, optional or strict", v -> java.util.Set.of("no", "optional", "strict").contains(v)));
        global(KeySpec.of("rtmpServerKey", RTMP, ValueType.STRING));
        global(KeySpec.of("rtmpServerCert", RTMP, ValueType.STRING));
        global(KeySpec.of("hlsAddress", HLS, ValueType.ADDRESS));
        global(KeySpec.of("hlsEncryption", HLS, ValueType.BOOL));
        global(KeySpec.of("hlsServerKey", HLS, ValueType.STRING));
        global(KeySpec.of("hlsServerCert", HLS, ValueType.STRING));
        global(KeySpec.of("hlsAllowOrigin", HLS, ValueType.STRING));
        global(KeySpec.of("hlsAlwaysRemux", HLS, ValueType.BOOL));
        global(KeySpec.of("hlsVariant", HLS, ValueType.STRING)
                .requiring("lowLatency, fmp4 or mpegts", v -> java.util.Set.of("lowLatency", "fmp4", "mpegts").contains(v)));
        global(KeySpec.of("hlsSegmentCount", HLS, ValueType.INT).requiring("3 or more", v -> (int) v >= 3));
        global(KeySpec.of("hlsSegmentDuration", HLS, ValueType.DURATION));
        global(KeySpec.of("hlsPartDuration", HLS, ValueType.DURATION));
        global(KeySpec.of("hlsSegmentMaxSize", HLS, ValueType.STRING)
                .requiring("a size like 50M (bytes, or K, M, G)", v -> ((String) v).strip().matches("(?i)[1-9][0-9]*[KMG]?B?")));
        global(KeySpec.of("hlsMuxerCloseAfter", HLS, ValueType.DURATION));
        global(KeySpec.of("webrtcAddress", WEBRTC, ValueType.ADDRESS));
        global(KeySpec.of("webrtcAllowOrigin", WEBRTC, ValueType.STRING));
        global(KeySpec.of("webrtcSimulatedLoss", WEBRTC, ValueType.INT)
                .requiring("a percentage from 0 to 50", v -> (int) v >= 0 && (int) v <= 50));
        global(KeySpec.of("webrtcLocalUDPAddress", ICE, ValueType.ADDRESS));
        global(KeySpec.of("webrtcLocalTCPAddress", ICE, ValueType.STRING)
                .requiring("empty (off) or an address like :8189", v -> ((String) v).isEmpty() || ((String) v).matches(".*:[0-9]{1,5}")));
        global(KeySpec.of("webrtcICEServers2", ICE, ValueType.ICE_SERVERS));
        global(KeySpec.of("webrtcHandshakeTimeout", ICE, ValueType.DURATION));
        global(KeySpec.of("webrtcIPsFromInterfaces", NETIF, ValueType.BOOL));
        global(KeySpec.of("webrtcIPsFromInterfacesList", NETIF, ValueType.STRING_LIST));
        global(KeySpec.of("webrtcAdditionalHosts", NETIF, ValueType.STRING_LIST));
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

    /** Empty, or an absolute http(s) URL with a host (the auth bundle checks the same). */
    private static boolean isHttpUrl(Object v) {
        String s = ((String) v).trim();
        if (s.isEmpty()) {
            return true;
        }
        try {
            java.net.URI uri = new java.net.URI(s);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static void global(KeySpec spec) {
        GLOBAL.put(spec.key(), spec);
    }

    private static void path(KeySpec spec) {
        PATH.put(spec.key(), spec);
    }
}
