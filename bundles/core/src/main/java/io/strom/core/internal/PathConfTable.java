package io.strom.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable index of path configurations that answers which one governs a path: an exact
 * name first, then {@code ~regex} names in order of their names, then {@code all_others} (or its
 * alias {@code all}).
 */
final class PathConfTable {

    static final PathConfTable EMPTY = new PathConfTable(List.of());

    private final Map<String, PathConfImpl> exact = new HashMap<>();
    private final List<PathConfImpl> regexes = new ArrayList<>();
    private PathConfImpl catchAll;

    PathConfTable(Collection<PathConfImpl> confs) {
        for (PathConfImpl conf : confs) {
            if (conf.isRegex()) {
                regexes.add(conf);
            } else if (PathConfImpl.isCatchAll(conf.name())) {
                if (catchAll == null || conf.name().equals(io.strom.api.path.PathConf.ALL_OTHERS)) {
                    catchAll = conf;
                }
            } else {
                exact.put(conf.name(), conf);
            }
        }
        regexes.sort(Comparator.comparing(PathConfImpl::name));
    }

    /** The configuration for {@code path}, or null when none matches. */
    PathConfImpl resolve(String path) {
        PathConfImpl conf = exact.get(path);
        if (conf != null) {
            return conf;
        }
        for (PathConfImpl regex : regexes) {
            if (regex.matches(path)) {
                return regex;
            }
        }
        return catchAll;
    }
}
