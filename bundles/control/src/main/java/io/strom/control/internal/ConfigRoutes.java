package io.strom.control.internal;

import static io.strom.control.internal.ApiRouter.DELETE;
import static io.strom.control.internal.ApiRouter.GET;
import static io.strom.control.internal.ApiRouter.PATCH;
import static io.strom.control.internal.ApiRouter.POST;
import static io.strom.control.internal.ApiRouter.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.strom.api.config.ConfigException;
import io.strom.api.config.ConfigStore;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /v3/config/...}: the global settings, the path defaults and the path configurations,
 * read from and written through the {@link ConfigStore} (MediaMTX's methods: GET to read, PATCH
 * to change some keys, POST to add or replace, DELETE to delete). A refused change is a 400 with
 * the store's message, which names every field at fault; a path configuration that does not
 * exist is a 404. Without a store (the config bundle stopped) every route answers 503.
 */
final class ConfigRoutes {

    private final Supplier<ConfigStore> store;

    ConfigRoutes(Supplier<ConfigStore> store) {
        this.store = store;
    }

    /** The answer to {@code /v3/config/<rest>}. */
    JsonNode answer(String method, String rest, Map<String, List<String>> query, byte[] body) throws ApiException {
        try {
            switch (rest) {
                case "global/get" -> {
                    expect(method, GET);
                    return ApiJson.value(store().global());
                }
                case "global/patch" -> {
                    expect(method, PATCH);
                    store().patchGlobal(ApiJson.objectBody(body));
                    return ApiJson.ok();
                }
                case "pathdefaults/get" -> {
                    expect(method, GET);
                    return ApiJson.value(store().pathDefaults());
                }
                case "pathdefaults/patch" -> {
                    expect(method, PATCH);
                    store().patchPathDefaults(ApiJson.objectBody(body));
                    return ApiJson.ok();
                }
                case "paths/list" -> {
                    expect(method, GET);
                    return ApiJson.list(store().paths(), Page.of(query), ApiJson::value);
                }
                default -> {
                    return pathRoute(method, rest, body);
                }
            }
        } catch (ConfigException e) {
            throw new ApiException(e.reason() == ConfigException.Reason.NOT_FOUND ? 404 : 400, e.getMessage());
        }
    }

    private JsonNode pathRoute(String method, String rest, byte[] body) throws ApiException, ConfigException {
        int slash = rest.indexOf('/', "paths/".length());
        String op = slash < 0 ? rest : rest.substring(0, slash);
        switch (op) {
            case "paths/get" -> {
                expect(method, GET);
                return ApiJson.value(store().path(ApiRouter.name(rest, op)));
            }
            case "paths/add" -> {
                expect(method, POST);
                store().addPath(ApiRouter.name(rest, op), ApiJson.objectBody(body));
            }
            case "paths/patch" -> {
                expect(method, PATCH);
                store().patchPath(ApiRouter.name(rest, op), ApiJson.objectBody(body));
            }
            case "paths/replace" -> {
                expect(method, POST);
                store().replacePath(ApiRouter.name(rest, op), ApiJson.objectBody(body));
            }
            case "paths/delete" -> {
                expect(method, DELETE);
                store().deletePath(ApiRouter.name(rest, op));
            }
            default -> throw ApiException.notFound("route");
        }
        return ApiJson.ok();
    }

    private ConfigStore store() throws ApiException {
        ConfigStore s = store.get();
        if (s == null) {
            throw new ApiException(503, "the configuration is not available (the config bundle is not running)");
        }
        return s;
    }
}
