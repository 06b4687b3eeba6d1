package io.strom.control.internal;

import io.strom.api.config.ConfigException;
import io.strom.api.config.ConfigStore;
import io.strom.api.media.MediaDescription;
import io.strom.api.path.AddPublisherRequest;
import io.strom.api.path.AddReaderRequest;
import io.strom.api.path.PathConf;
import io.strom.api.path.PathInfo;
import io.strom.api.path.PathManager;
import io.strom.api.path.PublisherHandle;
import io.strom.api.path.ReaderHandle;
import io.strom.api.protocol.ProtocolConn;
import io.strom.api.protocol.ProtocolServer;
import io.strom.api.protocol.ProtocolSession;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small doubles of the services the API reads: state in public fields, no behaviour beyond that. */
final class Fakes {

    private Fakes() {
    }

    static PathInfo path(String name, boolean ready) {
        return new PathInfo(name, "all_others", ready ? new PathInfo.SessionRef("rtspSession", "s-" + name) : null, ready,
                ready ? Instant.parse("2026-01-02T03:04:05Z") : null, ready ? List.of("H264") : List.of(), 1000, 2000,
                List.of(new PathInfo.SessionRef("webRTCSession", "r1")));
    }

    /** A PathManager that only lists paths; protocols are not part of these tests. */
    static final class Paths implements PathManager {
        final List<PathInfo> paths = new ArrayList<>();

        @Override
        public PathConf findPathConf(String path) {
            throw new UnsupportedOperationException("not used by the API");
        }

        @Override
        public PublisherHandle addPublisher(AddPublisherRequest request) {
            throw new UnsupportedOperationException("not used by the API");
        }

        @Override
        public ReaderHandle addReader(AddReaderRequest request) {
            throw new UnsupportedOperationException("not used by the API");
        }

        @Override
        public MediaDescription describe(String path) {
            throw new UnsupportedOperationException("not used by the API");
        }

        @Override
        public List<PathInfo> paths() {
            return List.copyOf(paths);
        }
    }

    static ProtocolSession session(String id, String protocol, String state, long createdSecond) {
        return new ProtocolSession(id, Instant.ofEpochSecond(createdSecond), new InetSocketAddress("127.0.0.1", 5000),
                state, "cam", 10, 20, protocol, "a=1", "TCP");
    }

    /** A protocol server whose sessions and connections are what the test puts there. */
    static final class Server implements ProtocolServer {
        final String protocol;
        final List<String> protocols;
        final String kind;
        final List<ProtocolSession> sessions = new ArrayList<>();
        List<ProtocolConn> conns;
        final List<String> kicked = new ArrayList<>();

        Server(String protocol, List<String> protocols, String kind) {
            this.protocol = protocol;
            this.protocols = protocols;
            this.kind = kind;
        }

        @Override
        public String protocol() {
            return protocol;
        }

        @Override
        public List<String> protocols() {
            return protocols;
        }

        @Override
        public String sessionKind() {
            return kind;
        }

        @Override
        public List<InetSocketAddress> listenAddresses() {
            return List.of();
        }

        @Override
        public List<ProtocolSession> sessions() {
            return List.copyOf(sessions);
        }

        @Override
        public List<ProtocolConn> connections() {
            return conns == null ? null : List.copyOf(conns);
        }

        @Override
        public boolean kick(String id) {
            kicked.add(id);
            return sessions.removeIf(s -> s.id().equals(id));
        }
    }

    /**
     * A ConfigStore over plain maps: a key named {@code bad} is refused as invalid, a path it does
     * not hold is not found; every call is recorded.
     */
    static final class Config implements ConfigStore {
        final Map<String, Object> global = new LinkedHashMap<>(Map.of("writeQueueSize", 512));
        final Map<String, Map<String, Object>> paths = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public Map<String, Object> global() {
            return global;
        }

        @Override
        public void patchGlobal(Map<String, Object> changes) throws ConfigException {
            check(changes);
            calls.add("patchGlobal " + changes);
            global.putAll(changes);
        }

        @Override
        public Map<String, Object> pathDefaults() {
            return Map.of("maxReaders", 0);
        }

        @Override
        public void patchPathDefaults(Map<String, Object> changes) throws ConfigException {
            check(changes);
            calls.add("patchPathDefaults " + changes);
        }

        @Override
        public List<Map<String, Object>> paths() {
            return new ArrayList<>(paths.values());
        }

        @Override
        public Map<String, Object> path(String name) throws ConfigException {
            return existing(name);
        }

        @Override
        public void addPath(String name, Map<String, Object> settings) throws ConfigException {
            check(settings);
            if (paths.containsKey(name)) {
                throw new ConfigException(ConfigException.Reason.EXISTS, "path configuration '" + name + "' already exists", List.of("name"));
            }
            Map<String, Object> p = new LinkedHashMap<>(settings);
            p.put("name", name);
            paths.put(name, p);
        }

        @Override
        public void patchPath(String name, Map<String, Object> changes) throws ConfigException {
            check(changes);
            existing(name).putAll(changes);
        }

        @Override
        public void replacePath(String name, Map<String, Object> settings) throws ConfigException {
            existing(name);
            paths.remove(name);
            addPath(name, settings);
        }

        @Override
        public void deletePath(String name) throws ConfigException {
            existing(name);
            paths.remove(name);
        }

        private Map<String, Object> existing(String name) throws ConfigException {
            Map<String, Object> p = paths.get(name);
            if (p == null) {
                throw new ConfigException(ConfigException.Reason.NOT_FOUND, "path configuration not found", List.of());
            }
            return p;
        }

        private static void check(Map<String, Object> changes) throws ConfigException {
            if (changes.containsKey("bad")) {
                throw new ConfigException(ConfigException.Reason.INVALID, "unknown key 'bad'", List.of("bad"));
            }
        }
    }
}
