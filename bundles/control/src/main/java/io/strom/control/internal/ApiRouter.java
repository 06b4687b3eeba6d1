package io.strom.control.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.strom.api.config.ConfigStore;
import io.strom.api.path.PathInfo;
import io.strom.api.path.PathManager;
import io.strom.api.protocol.ProtocolServer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers one v3 request, independent of HTTP plumbing: a route, its method, its parameters.
 *
 * <p>Route families: {@code /v3/config/...} ({@link ConfigRoutes}), {@code /v3/paths/list} and
 * {@code /v3/paths/get/{name}}, and every other {@code /v3/<collection>/...} from the registered
 * {@link ProtocolServer}s ({@link ProtocolRoutes}). An unknown route or name is a 404; a known
 * route asked with another method is a 405 with {@code Allow} (MediaMTX's router answers 404
 * there; naming the method that works is more useful and no client relies on the 404); a bad
 * parameter or body is a 400 with the reason. Every error body is
 * {@code {"status":"error","error":"..."}}.
 */
final class ApiRouter {

    static final String GET = "GET";
    static final String POST = "POST";
    static final String PATCH = "PATCH";
    static final String DELETE = "DELETE";

    private final PathManager pathManager;
    private final ConfigRoutes config;
    private final ProtocolRoutes protocols;

    /**
     * @param configStore the configuration, or null while no bundle provides it
     * @param servers     the protocol servers registered now
     */
    ApiRouter(PathManager pathManager, Supplier<ConfigStore> configStore, Supplier<List<ProtocolServer>> servers) {
        this.pathManager = pathManager;
        this.config = new ConfigRoutes(configStore);
        this.protocols = new ProtocolRoutes(servers);
    }

    ApiAnswer route(String method, String path, Map<String, List<String>> query, byte[] body) {
        try {
            if (!path.startsWith("/v3/")) {
                throw ApiException.notFound("route");
            }
            String rest = path.substring("/v3/".length());
            if (rest.startsWith("config/")) {
                return ApiAnswer.ok(config.answer(method, rest.substring("config/".length()), query, body));
            }
            if (rest.equals("paths/list") || rest.startsWith("paths/get")) {
                return ApiAnswer.ok(paths(method, rest, query));
            }
            return ApiAnswer.ok(protocols.answer(method, rest, query));
        } catch (ApiException e) {
            return new ApiAnswer(e.status, ApiJson.error(e.getMessage()), e.allow);
        }
    }

    private JsonNode paths(String method, String rest, Map<String, List<String>> query) throws ApiException {
        expect(method, GET);
        if (rest.equals("paths/list")) {
            return ApiJson.list(pathManager.paths(), Page.of(query), ApiJson::path);
        }
        String name = name(rest, "paths/get");
        for (PathInfo p : pathManager.paths()) {
            if (p.name().equals(name)) {
                return ApiJson.path(p);
            }
        }
        throw ApiException.notFound("path");
    }

    /** Refuses {@code method} unless it is {@code wanted}. */
    static void expect(String method, String wanted) throws ApiException {
        if (!method.equals(wanted)) {
            throw new ApiException(405, "method " + method + " not allowed, use " + wanted, wanted);
        }
    }

    /**
     * The name after {@code prefix/} in {@code rest} (it may contain slashes: {@code live/cam});
     * a 404 when {@code rest} is another route, a 400 when the name is missing.
     */
    static String name(String rest, String prefix) throws ApiException {
        if (!rest.startsWith(prefix) || (rest.length() > prefix.length() && rest.charAt(prefix.length()) != '/')) {
            throw ApiException.notFound("route");
        }
        String name = rest.length() > prefix.length() ? rest.substring(prefix.length() + 1) : "";
        if (name.isEmpty()) {
            throw new ApiException(400, "invalid name: the route needs a name after " + prefix + "/");
        }
        return name;
    }
}
