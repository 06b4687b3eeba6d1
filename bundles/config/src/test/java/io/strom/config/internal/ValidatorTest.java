package io.strom.config.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorTest {

    private static List<String> errorsOf(String yaml) throws ConfigError {
        List<String> errors = new ArrayList<>();
        Validator.validate(StromYaml.parse(yaml), errors);
        return errors;
    }

    private static ConfigPlan planOf(String yaml) throws ConfigError {
        List<String> errors = new ArrayList<>();
        ConfigPlan plan = Validator.validate(StromYaml.parse(yaml), errors);
        assertEquals(List.of(), errors);
        return plan;
    }

    @Test
    void mapsMediaMtxKeysOntoTheirPids() throws Exception {
        ConfigPlan plan = planOf("""
                api: yes
                apiAddress: 127.0.0.1:9997
                writeQueueSize: 1024
                rtspAddress: :8554
                webrtcLocalUDPAddress: "[::1]:8189"
                metrics: no
                """);
        assertEquals(Map.of("api", true, "apiAddress", "127.0.0.1:9997"), plan.pids().get("io.strom.control.api"));
        assertEquals(Map.of("writeQueueSize", 1024), plan.pids().get("io.strom.core"));
        assertEquals(Map.of("rtspAddress", ":8554"), plan.pids().get("io.strom.rtsp"));
        assertEquals(Map.of("webrtcLocalUDPAddress", "[::1]:8189"), plan.pids().get("io.strom.ice"));
        assertEquals(Map.of("metrics", false), plan.pids().get("io.strom.metrics"));
    }

    @Test
    void webrtcKeysReachTheWebRtcIceAndInterfaceDiscoveryPids() throws Exception {
        ConfigPlan plan = planOf("""
                webrtcAddress: :8889
                webrtcICEServers2:
                  - url: stun:stun.example.org:3478
                  - url: turn:turn.example.org:3478
                    username: u
                    password: p
                webrtcIPsFromInterfaces: no
                webrtcAdditionalHosts: [127.0.0.1, host.example.org]
                """);
        assertEquals(Map.of("webrtcAddress", ":8889"), plan.pids().get("io.strom.webrtc"));
        assertArrayEquals(new String[] {"stun:stun.example.org:3478", "turn:turn.example.org:3478,u,p"},
                (String[]) plan.pids().get("io.strom.ice").get("webrtcICEServers2"));
        assertEquals(false, plan.pids().get("io.strom.netif").get("webrtcIPsFromInterfaces"));
        assertArrayEquals(new String[] {"127.0.0.1", "host.example.org"},
                (String[]) plan.pids().get("io.strom.netif").get("webrtcAdditionalHosts"));
        List<String> errors = errorsOf("webrtcICEServers2:\n  - url: http://nope\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("'webrtcICEServers2'") && errors.get(0).contains("ICE server 0"), errors.get(0));
    }

    @Test
    void consoleAddressAlwaysReachesFelixHttpAndCredentialsTheWebConsole() throws Exception {
        assertEquals(Map.of("org.apache.felix.http.host", "127.0.0.1", "org.osgi.service.http.port", 9995,
                "org.apache.felix.http.enable", true), planOf("").pids().get(KeyTable.HTTP_PID));
        ConfigPlan plan = planOf("consoleAddress: :18080\nconsoleUser: me\nconsolePass: secret\n");
        assertEquals("0.0.0.0", plan.pids().get(KeyTable.HTTP_PID).get("org.apache.felix.http.host"));
        assertEquals(18080, plan.pids().get(KeyTable.HTTP_PID).get("org.osgi.service.http.port"));
        assertEquals(Map.of("username", "me", "password", "secret"), plan.pids().get(KeyTable.WEBCONSOLE_PID));
    }

    @Test
    void everyBadKeyIsNamed() throws Exception {
        List<String> errors = errorsOf("""
                rtspAdress: :8554
                rtspAddress: nonsense
                writeQueueSize: 1000
                api: maybe
                apiAddress: ":70000"
                """);
        assertEquals(5, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("unknown key 'rtspAdress'"));
        assertTrue(errors.get(1).contains("'rtspAddress'") && errors.get(1).contains("\"nonsense\""));
        assertTrue(errors.get(2).contains("'writeQueueSize'") && errors.get(2).contains("power of two"));
        assertTrue(errors.get(3).contains("'api'"));
        assertTrue(errors.get(4).contains("'apiAddress'"));
    }

    @Test
    void pathsGetDefaultsMergedAndTheirKeysChecked() throws Exception {
        ConfigPlan plan = planOf("""
                pathDefaults:
                  overridePublisher: no
                paths:
                  cam1:
                    maxReaders: 3
                  "~^live/.+$":
                    overridePublisher: yes
                  all_others:
                """);
        assertEquals(Map.of("name", "cam1", "maxReaders", 3, "overridePublisher", false), settings(plan, "cam1"));
        assertArrayEquals(new String[] {"maxReaders"}, (String[]) plan.paths().get("cam1").get(Validator.OWN_KEYS));
        assertEquals(true, plan.paths().get("~^live/.+$").get("overridePublisher"));
        assertEquals(Map.of("name", "all_others", "overridePublisher", false), settings(plan, "all_others"));
        assertEquals(Map.of("overridePublisher", false), plan.pids().get(KeyTable.PATH_DEFAULTS_PID));

        List<String> errors = errorsOf("""
                paths:
                  cam1:
                    maxReaders: -1
                    colour: blue
                  "~(bad": {}
                  "/lead": {}
                  cam2: 5
                """);
        assertEquals(5, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("'paths.cam1.maxReaders'"));
        assertTrue(errors.get(1).contains("'paths.cam1.colour'"));
        assertTrue(errors.get(2).contains("'paths.~(bad'"));
        assertTrue(errors.get(3).contains("'paths./lead'"));
        assertTrue(errors.get(4).contains("'paths.cam2'"));
    }

    /** A planned path's properties without the private record of its own keys. */
    private static Map<String, Object> settings(ConfigPlan plan, String path) {
        Map<String, Object> props = new java.util.HashMap<>(plan.paths().get(path));
        props.remove(Validator.OWN_KEYS);
        return props;
    }

    @Test
    void withoutPathsEveryPathIsAccepted() throws Exception {
        ConfigPlan plan = planOf("api: no\n");
        assertEquals(java.util.Set.of("all_others"), plan.paths().keySet());
        assertEquals(Map.of("name", "all_others"), settings(plan, "all_others"));
        assertEquals(Map.of(), planOf("paths:\n").paths(), "an explicit empty paths: accepts none");
    }

    @Test
    void yamlProblemsAreReportedWithTheirLine() {
        ConfigError e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                () -> StromYaml.parse("api: yes\npaths:\n  cam: [unclosed\n"));
        assertTrue(e.getMessage().contains("line"), e.getMessage());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class, () -> StromYaml.parse("- a\n- b\n"))
                .getMessage().contains("map"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class, () -> StromYaml.parse("api: yes\napi: no\n"))
                .getMessage().contains("api"));
        assertEquals(Map.of(), org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> StromYaml.parse("")));
    }

    @Test
    void authInternalUsersBecomeOneLinePerUserForTheAuthBundle() throws Exception {
        ConfigPlan plan = planOf("""
                rtspAuthMethods: [basic, digest]
                authInternalUsers:
                  - user: any
                    permissions: [{action: read}]
                  - user: alice
                    pass: s3cret
                    ips: [127.0.0.1, "10.0.0.0/8"]
                    permissions:
                      - action: publish
                        path: cam1
                      - action: read
                        path: "~^live/"
                """);
        Object users = plan.pids().get("io.strom.auth").get("authInternalUsers");
        assertEquals(List.of("user=any permissions=read",
                "user=alice pass=s3cret ips=127.0.0.1,10.0.0.0/8 permissions=publish:cam1,read:~^live/"),
                List.of((String[]) users));
    }

    @Test
    void badUsersAndRtspSettingsAreNamedWithoutShowingPasswords() throws Exception {
        List<String> errors = errorsOf("""
                rtspTransports: [udp, carrier-pigeon]
                rtspEncryption: maybe
                readTimeout: soon
                authInternalUsers:
                  - user: bob
                    pass: "hunter 2"
                    permissions: [{action: fly}]
                """);
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("'rtspTransports'"));
        assertTrue(errors.get(1).contains("'rtspEncryption'"));
        assertTrue(errors.get(2).contains("'readTimeout'"));
        assertTrue(errors.get(3).contains("'authInternalUsers'") && errors.get(3).contains("user 0"));
        assertTrue(errors.stream().noneMatch(e -> e.contains("hunter")), errors.toString());
    }

    @Test
    void httpAndJwtMethodsMapOntoTheAuthPid() throws Exception {
        ConfigPlan plan = planOf("""
                authMethod: http
                authHTTPAddress: http://127.0.0.1:9120/auth
                authHTTPExclude: [{action: api}, {action: read, path: "~^public/"}]
                authHTTPCacheTime: 500ms
                authJWTJWKS: https://idp.example/jwks.json
                authJWTClaimKey: perms
                """);
        Map<String, Object> auth = plan.pids().get("io.strom.auth");
        assertEquals("http", auth.get("authMethod"));
        assertEquals("http://127.0.0.1:9120/auth", auth.get("authHTTPAddress"));
        assertArrayEquals(new String[] {"api", "read:~^public/"}, (String[]) auth.get("authHTTPExclude"));
        assertEquals("500ms", auth.get("authHTTPCacheTime"));
        assertEquals("https://idp.example/jwks.json", auth.get("authJWTJWKS"));
        assertEquals("perms", auth.get("authJWTClaimKey"));
        assertEquals("jwt", planOf("authMethod: jwt\nauthJWTJWKS: http://127.0.0.1:1/k\n").pids().get("io.strom.auth").get("authMethod"));
    }

    @Test
    void badAuthMethodSettingsNameTheirField() throws Exception {
        List<String> errors = errorsOf("""
                authMethod: ldap
                authHTTPAddress: ftp://127.0.0.1/auth
                authHTTPExclude: [{action: fly}]
                authHTTPCacheTime: a while
                authJWTJWKS: "not a url"
                authJWTClaimKey: ""
                """);
        assertEquals(6, errors.size(), errors.toString());
        String[] keys = {"authMethod", "authHTTPAddress", "authHTTPExclude", "authHTTPCacheTime", "authJWTJWKS", "authJWTClaimKey"};
        for (int i = 0; i < keys.length; i++) {
            assertTrue(errors.get(i).contains("'" + keys[i] + "'"), errors.get(i));
        }
        assertEquals(List.of("missing value for 'authHTTPAddress': authMethod http needs it"), errorsOf("authMethod: http\n"));
        assertEquals(List.of("missing value for 'authJWTJWKS': authMethod jwt needs it"), errorsOf("authMethod: jwt\nauthJWTJWKS: \"\"\n"));
        assertTrue(errorsOf("authHTTPExclude: api\n").get(0).contains("'authHTTPExclude'"));
    }

    @Test
    void badHlsSettingsAreNamed() throws Exception {
        List<String> errors = errorsOf("""
                hlsVariant: dash
                hlsSegmentCount: 2
                hlsPartDuration: quickly
                hlsSegmentMaxSize: lots
                hlsAlwaysRemux: sometimes
                """);
        assertEquals(5, errors.size(), errors.toString());
        for (String key : List.of("hlsVariant", "hlsSegmentCount", "hlsPartDuration", "hlsSegmentMaxSize", "hlsAlwaysRemux")) {
            assertTrue(errors.stream().anyMatch(e -> e.contains("'" + key + "'")), key + " in " + errors);
        }
        assertTrue(errorsOf("hlsVariant: mpegts\nhlsSegmentMaxSize: 50M\nhlsMuxerCloseAfter: 30s\n").isEmpty());
    }
}
